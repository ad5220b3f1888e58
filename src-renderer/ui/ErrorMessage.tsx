import type { StudioCallError } from '../studio/studio-error';

export function ErrorMessage({ error }: { error: StudioCallError | null }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert" data-code={error.code}>
      {error.message}
    </div>
  );
}
