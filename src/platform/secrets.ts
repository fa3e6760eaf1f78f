// The key that encrypts issuers' private keys at rest. From KEY_ENCRYPTION_KEY when set (needed
// when several machines share one PostgreSQL); otherwise a random key kept in DATA_DIR, created
// on first use with owner-only permissions, so that `npm start` works out of the box.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

export const KEY_FILE = 'key-encryption.key';

export function resolveKeyEncryptionKey(config: Config): Buffer {
  if (config.keyEncryptionKey) return config.keyEncryptionKey;
  const file = path.join(config.dataDir, KEY_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key (base64)`);
  return key;
}
