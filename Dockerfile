# syntax=docker/dockerfile:1
# landscape in a container: the bot with the bundled fact base, as an unprivileged user.
#
#   docker build -t landscape .
#   docker run --env-file .env -p 3000:3000 -p 127.0.0.1:9464:9464 --stop-timeout 30 landscape
#   docker run --rm --env-file .env landscape deploy-commands --global   # on each release
#
# `npm start` runs the JavaScript compiled into dist/ (bin/build.js), built in a stage of its
# own with the dev dependencies; the image gets dist/ and the production dependencies only
# (`npm ci --omit=dev`, in another stage, so that npm's cache stays out of the image).
# Node 22: vega-lite (the /share chart) asks for Node 22 or newer.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The sources are not here yet: build after copying them, not in npm's `prepare`.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# /healthz and /metrics on a private port (METRICS_PORT) by default: publish PORT only.
# Unanswered questions, feedback, subscriptions, long buttons' commands and the cache of the
# loaded base go to the /data volume, the only place the bot writes.
ENV NODE_ENV=production \
    PORT=3000 \
    METRICS_PORT=9464 \
    GAPS_FILE=/data/gaps.jsonl \
    KNOWLEDGE_CACHE=/data/cache
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
# bin/landscape.js runs dist/ when it is newer than these sources and configs (else tsx).
COPY tsconfig.json tsconfig.build.json ./
COPY --from=build /app/dist ./dist
# The bundled fact base. To serve another, mount it over this folder (read-only is enough;
# edits reload by themselves) or mount it elsewhere and set KNOWLEDGE_DIR.
COPY knowledge ./knowledge
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
# The official image's unprivileged user; the application files stay root's, read-only to it.
USER node
EXPOSE 3000 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "bin/healthcheck.js"]
# SIGTERM lets answers in flight finish (up to about 20 s): give `docker stop` that long.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/landscape.js"]
CMD ["start"]
