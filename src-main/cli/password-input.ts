import { StudioError } from '../contract';

/**
 * The password of the user a command acts as (`--user NAME`): STUDIO_PASSWORD when set, else typed
 * at a prompt without echo when stdin is a terminal. Never on the command line, where every user of
 * the PC could read it.
 */
export async function readPassword(user: string): Promise<string> {
  const fromEnv = process.env.STUDIO_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new StudioError(
      'UNAUTHORIZED',
      `Cần mật khẩu của ${user}: đặt biến STUDIO_PASSWORD, hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập mật khẩu.`,
    );
  }
  return promptHidden(`Mật khẩu của ${user}: `);
}

/**
 * A password for a command to set (`--password-stdin`): the whole of stdin without its last line
 * break when it is piped, typed twice at a prompt without echo when stdin is a terminal.
 */
export async function readNewPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await promptHidden('Mật khẩu mới: ');
    const again = await promptHidden('Nhập lại mật khẩu mới: ');
    if (first !== again) throw new StudioError('INVALID_REQUEST', 'Hai lần nhập mật khẩu không giống nhau.');
    return first;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * A secret for a command to store (`--token-stdin`): the whole of stdin without its last line break
 * when piped, typed once without echo at a terminal. Never on the command line.
 */
export async function readSecret(question: string): Promise<string> {
  if (process.stdin.isTTY) return promptHidden(question);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads one line from the terminal with echo off (raw mode), on stderr so stdout stays data. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (err: Error | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new StudioError('CANCELLED'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
