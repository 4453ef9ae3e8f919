# Multi-stage build on the current Node LTS (24); runs compiled JavaScript as the unprivileged
# "node" user. The image holds build/ (pages, server.js, user.js, simulate.js) and the
# production dependencies only: no TypeScript loader.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8501
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/build ./build
# DATA_DIR: the dashboard remembers here that it has had accounts (sign-in never turns itself off)
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data
USER node
EXPOSE 8501
# healthy = ready: Redis connected and the first reconcile done (GET /api/health/live is the liveness probe)
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD node -e "fetch('http://127.0.0.1:8501/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# a larger young generation, no pretenuring, a tighter old space: see SERVER_NODE_FLAGS in scripts/lib/server-process.ts
CMD ["node", "--max-semi-space-size=32", "--no-allocation-site-pretenuring", "--heap-growing-percent=100", "build/server.js"]
