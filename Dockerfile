# Orderly in one image: the compiled API (apps/api/dist, `pnpm build`) serving the built PWA.
# Multi-stage: the toolchain and dev dependencies stay in the build stages; the runtime stage has
# the compiled files, production node_modules and the migrations, and runs as the `node` user.
# Not built by CI (these machines have no Docker): test/operations/deployment.test.ts checks that
# what it runs exists. See docs/production.md.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm build

# Production dependencies of the API and the schema package only (no Vite, TypeScript, Prisma CLI).
# The Prisma client is generated at build time and compiled into packages/schema/dist.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile --prod --ignore-scripts --filter @orderly/api...

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 PORT=4000
WORKDIR /app
# The repository's layout is kept: the server finds the migrations and the PWA from its own path.
COPY --from=prod-deps /app/package.json ./package.json
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/apps/api/package.json ./apps/api/package.json
COPY --from=prod-deps /app/apps/api/node_modules ./apps/api/node_modules
COPY --from=prod-deps /app/packages/schema/package.json ./packages/schema/package.json
COPY --from=prod-deps /app/packages/schema/node_modules ./packages/schema/node_modules
COPY --from=build /app/packages/schema/prisma ./packages/schema/prisma
COPY --from=build /app/packages/schema/dist ./packages/schema/dist
COPY --from=build /app/apps/api/dist ./apps/api/dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
RUN mkdir -p .data/uploads && chown node:node .data .data/uploads
USER node
EXPOSE 4000 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# What `pnpm --filter @orderly/api start` runs. Migrations: a one-off `MIGRATE_ON_BOOT=only` run of
# the same image before the rollout (compose.yaml's `migrate`), the instances with MIGRATE_ON_BOOT=off.
CMD ["node", "--max-semi-space-size=2", "--liftoff-only", "apps/api/dist/main.js"]
