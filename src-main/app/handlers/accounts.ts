import { StudioError } from '../../contract';
import type { Handlers } from '../router';

type AccountCall =
  | 'auth.state'
  | 'auth.setup'
  | 'auth.signIn'
  | 'auth.resume'
  | 'auth.signOut'
  | 'auth.lock'
  | 'auth.unlock'
  | 'auth.changePassword'
  | 'users.list'
  | 'users.add'
  | 'users.update'
  | 'users.resetPassword'
  | 'users.setDisabled';

// PLACEHOLDER on the accounts branch only, replaced by the accounts service before it lands on main.
const notYet = () => {
  throw new StudioError('UNAVAILABLE');
};

export function accountHandlers(): Pick<Handlers, AccountCall> {
  return {
    'auth.state': notYet,
    'auth.setup': notYet,
    'auth.signIn': notYet,
    'auth.resume': notYet,
    'auth.signOut': notYet,
    'auth.lock': notYet,
    'auth.unlock': notYet,
    'auth.changePassword': notYet,
    'users.list': notYet,
    'users.add': notYet,
    'users.update': notYet,
    'users.resetPassword': notYet,
    'users.setDisabled': notYet,
  };
}
