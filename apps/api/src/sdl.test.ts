import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printContract, sdlPath } from './sdl.ts';

describe('printed GraphQL contract', () => {
  it('matches the committed packages/schema/schema.graphql (run `pnpm schema:print` after schema changes)', () => {
    const committed = fs.existsSync(sdlPath) ? fs.readFileSync(sdlPath, 'utf8') : '';
    expect(committed).toBe(printContract());
  });
});
