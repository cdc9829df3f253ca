/**
 * A program that cannot be loaded. The message is `PATH: reason` (the CLI
 * prefixes it with its own name); exitCode is what a shell would return for
 * the same failure: 127 when the file does not exist, 126 otherwise.
 */
export class LoadError extends Error {
  readonly exitCode: 126 | 127;
  readonly path: string;
  readonly reason: string;
  /** errno name when the failure is a host errno (ENOENT, EACCES, ENOEXEC, E2BIG, ...). */
  readonly code: string;

  constructor(path: string, reason: string, exitCode: 126 | 127 = 126, code = 'ENOEXEC') {
    super(`${path}: ${reason}`);
    this.name = 'LoadError';
    this.path = path;
    this.reason = reason;
    this.exitCode = exitCode;
    this.code = code;
  }
}

/** Exec format errors all start the same way so they read like the shell's. */
export function formatError(path: string, detail: string): LoadError {
  return new LoadError(path, `Exec format error: ${detail}`, 126, 'ENOEXEC');
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EIO: 'Input/output error',
  ENXIO: 'No such device or address',
  ENODEV: 'No such device',
  ETXTBSY: 'Text file busy',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many open files in system',
  ENOMEM: 'Cannot allocate memory',
  E2BIG: 'Argument list too long',
  EINVAL: 'Invalid argument',
};

/** strerror()-style text for a Node fs error. */
export function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  return ERRNO_TEXT[code] ?? ((err as Error | undefined)?.message ?? String(err));
}

/** Turns a Node fs error into a LoadError with strerror-style text. */
export function fromFsError(path: string, err: unknown, what?: string): LoadError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
  const text = errnoText(err);
  return new LoadError(path, what ? `${what}: ${text}` : text, code === 'ENOENT' ? 127 : 126, code);
}

/** True for LoadError instances, also across module copies (duck-typed). */
export function isLoadError(e: unknown): e is LoadError {
  return e instanceof LoadError ||
    (e instanceof Error && e.name === 'LoadError' && typeof (e as LoadError).exitCode === 'number');
}
