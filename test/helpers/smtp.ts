// A real SMTP peer for tests: smtp-server on a loopback port (no TLS, no authentication needed),
// every received message parsed with mailparser. Point SMTP_URL at `url`, then read `messages`
// or `await waitFor(m => m.to.includes('alice@example.org'))`.
import type { AddressInfo } from 'node:net';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Addresses of the To header, lowercased ("alice@example.org"); joined with ", " when several. */
  to: string;
  /** Every envelope recipient (RCPT TO), lowercased: Bcc included. */
  recipients: string[];
  /** Envelope sender (MAIL FROM). */
  from: string;
  subject: string;
  text: string;
  html: string;
  /** With its angle brackets, as in the header: "<id@host>". */
  messageId: string;
  /** Every header, names lowercased, values as text. */
  headers: Record<string, string>;
  /** The message exactly as received. */
  raw: string;
  receivedAt: Date;
}

export interface SmtpPeer {
  readonly url: string;
  readonly port: number;
  /** Every message received so far, oldest first. */
  readonly messages: ReceivedMail[];
  /**
   * The first message (already received or arriving later) that satisfies the predicate;
   * rejects after timeoutMs (default 5 s) naming what was received.
   */
  waitFor(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Forgets the messages received so far. */
  clear(): void;
  /** Stops listening and drops open connections. Idempotent. */
  close(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);
}

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  if (value && typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return JSON.stringify(value);
}

/** Starts a peer on a free port, or on `port` (to bring back a peer a test closed). */
export async function startSmtpPeer(options: { port?: number } = {}): Promise<SmtpPeer> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 500,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const headers: Record<string, string> = {};
            for (const [name, value] of parsed.headers) headers[name.toLowerCase()] = headerText(value);
            messages.push({
              to: addresses(parsed.to).join(', '),
              recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              headers,
              raw: raw.toString('utf8'),
              receivedAt: new Date(),
            });
            for (const wake of [...waiters]) wake();
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  server.on('error', () => {
    // A client dropping its connection is not the test's failure.
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(predicate = () => true, timeoutMs = 5000) {
      return new Promise<ReceivedMail>((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          const seen = messages.map((m) => `${m.to}: ${m.subject}`).join('; ') || 'none';
          reject(new Error(`No matching mail within ${timeoutMs} ms (received: ${seen})`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    clear() {
      messages.length = 0;
    },
    close() {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closing;
    },
  };
}
