// Writes the public GraphQL contract to packages/schema/schema.graphql (the PWA and integrators read it).
import fs from 'node:fs';
import { printContract, sdlPath } from '../sdl.ts';

fs.writeFileSync(sdlPath, printContract());
console.log(`Wrote ${sdlPath}`);
