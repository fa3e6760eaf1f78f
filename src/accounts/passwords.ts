// Password hashing with argon2id (the @node-rs/argon2 default: 19 MiB, 2 passes, 1 lane — OWASP's baseline).
import { hash, verify } from '@node-rs/argon2';

/**
 * A hash of a random, forgotten password with the same parameters. Verifying against it when
 * an address is unknown makes a failed sign-in take as long whether or not the account exists.
 */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$ceS0+Iw6KghtT9Nhhfl39g$Ea3FmZe4aUa4bEuXmJZCGzXKPsceP8YhnJuEG0w7Bmc';

export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** True when the password matches; a missing hash (no password set) is checked against the dummy and fails. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    const ok = await verify(passwordHash ?? DUMMY_HASH, password);
    return ok && passwordHash !== null;
  } catch {
    return false;
  }
}
