// Sending a print job the way network label printers take it: open a TCP connection to the
// printer's raw port (JetDirect / "port 9100"), write the bytes, close. The printer answers nothing;
// "sent" means the printer's TCP stack accepted every byte and the connection closed cleanly.
import net from 'node:net';

export interface RawSendOptions {
  /** How long the printer has to accept the connection. */
  connectTimeoutMs?: number;
  /** How long the whole job (connect, write, close) may take. */
  timeoutMs?: number;
}

export const RAW_CONNECT_TIMEOUT_MS = 3_000;
export const RAW_JOB_TIMEOUT_MS = 10_000;
/** After our last byte and FIN, how long to wait for the printer to close its side before we do. */
const CLOSE_GRACE_MS = 1_000;

export type RawSendFailure = 'REFUSED' | 'TIMEOUT' | 'UNKNOWN_HOST' | 'NETWORK';

/** Why a job did not reach the printer: `kind` for callers, `message` safe to show (no internals). */
export class RawSendError extends Error {
  constructor(
    readonly kind: RawSendFailure,
    message: string,
  ) {
    super(message);
  }
}

function failureOf(error: NodeJS.ErrnoException, host: string, port: number): RawSendError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new RawSendError('REFUSED', `${host}:${port} refused the connection (printer off, or nothing listens on port ${port})`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new RawSendError('UNKNOWN_HOST', `The printer's host name ${host} does not resolve`);
    case 'ETIMEDOUT':
      return new RawSendError('TIMEOUT', `${host}:${port} did not answer in time`);
    default:
      return new RawSendError('NETWORK', `Could not send to ${host}:${port} (${error.code ?? 'network error'})`);
  }
}

/**
 * Sends `data` to host:port over raw TCP. Resolves with the number of bytes written once they are
 * all written and the connection is closed; rejects with a RawSendError when the printer cannot be
 * reached, refuses, or the job takes longer than the timeout (never hangs past it).
 */
export function sendRaw(host: string, port: number, data: Buffer | string, options: RawSendOptions = {}): Promise<{ bytes: number }> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const connectTimeout = options.connectTimeoutMs ?? RAW_CONNECT_TIMEOUT_MS;
  const jobTimeout = options.timeoutMs ?? RAW_JOB_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host, port });
    let settled = false;
    let finished = false;
    const timers: NodeJS.Timeout[] = [];
    const settle = (error: RawSendError | null) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve({ bytes: bytes.length });
    };
    timers.push(
      setTimeout(() => {
        if (socket.connecting) settle(new RawSendError('TIMEOUT', `${host}:${port} did not accept the connection within ${connectTimeout} ms`));
      }, connectTimeout),
      setTimeout(() => settle(finished ? null : new RawSendError('TIMEOUT', `${host}:${port} did not take the job within ${jobTimeout} ms`)), jobTimeout),
    );
    socket.on('connect', () => {
      socket.end(bytes);
    });
    // Every byte handed to the kernel and our FIN sent: the job is out. Wait briefly for the printer's FIN.
    socket.on('finish', () => {
      finished = true;
      timers.push(setTimeout(() => settle(null), CLOSE_GRACE_MS));
    });
    socket.on('close', () => settle(finished ? null : new RawSendError('NETWORK', `${host}:${port} closed the connection before the job was sent`)));
    socket.on('error', (error: NodeJS.ErrnoException) => settle(finished && error.code === 'ECONNRESET' ? null : failureOf(error, host, port)));
    // A printer may report status bytes; nobody reads them, but the stream must flow to see its end.
    socket.resume();
  });
}
