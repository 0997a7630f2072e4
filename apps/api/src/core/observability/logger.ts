// The API's one logger: JSON lines on stdout (pino), one object per event, so a log shipper can
// index them. What goes in is chosen by the callers, who never pass buyer data, credentials,
// GraphQL variables or error messages (those can quote buyer data): see safe-logging.ts for errors.
import type { YogaLogger } from 'graphql-yoga';
import pino, { type Logger } from 'pino';
import { createSafeLogger } from '../../modules/common/safe-logging.ts';
import { config } from '../config.ts';

/** The process's root logger (LOG_LEVEL; silent under NODE_ENV=test unless set). */
export const logger: Logger = pino({
  level: config.LOG_LEVEL,
  base: { pid: process.pid },
  // Header and cookie fields are never logged, but a mistaken `{ headers }` must not leak a token.
  redact: { paths: ['authorization', 'cookie', '*.authorization', '*.cookie', 'headers'], censor: '[redacted]' },
  formatters: { level: (label) => ({ level: label }) },
  timestamp: pino.stdTimeFunctions.isoTime,
});

/** A `(line) => void` sink for the modules that log plain sentences, tagged with their component. */
export const logLines =
  (component: string, level: 'info' | 'warn' | 'error' = 'info') =>
  (line: string) =>
    logger[level]({ component }, line);

/** yoga's own messages (errors as kind, code and frames only: createSafeLogger) into the JSON log. */
export const yogaLogger: YogaLogger = createSafeLogger(config.LOG_LEVEL === 'fatal' ? 'silent' : config.LOG_LEVEL, (line, level) =>
  logger[level]({ component: 'graphql' }, line.slice(level.length + 3)),
);
