/** Thrown (by exit/exit_group or a fatal signal) to end the guest process. */
export class GuestExit {
  /** `signal` set means the guest was killed by that signal (the emulator dies of it too). */
  constructor(readonly code: number, readonly signal?: number) {}
}
