# syntax=docker/dockerfile:1
# landscape in a container: the bot with the bundled fact base, as an unprivileged user.
#
#   docker build -t landscape .
#   docker run --env-file .env -p 3000:3000 -p 127.0.0.1:9464:9464 --stop-timeout 30 landscape
#   docker run --rm --env-file .env landscape deploy-commands --global   # on each release
#
# `npm start` runs the TypeScript sources through tsx, a production dependency, so there is no
# build step and the image needs no dev dependency: only `npm ci --omit=dev`, in a stage of its
# own so that npm's cache and the lock file's metadata stay out of the image.
# Node 22: vega-lite (the /share chart) asks for Node 22 or newer.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# /healthz and /metrics on a private port (METRICS_PORT) by default: publish PORT only.
# Unanswered questions go to the /data volume, the only place the bot writes.
ENV NODE_ENV=production \
    PORT=3000 \
    METRICS_PORT=9464 \
    GAPS_FILE=/data/gaps.jsonl
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
# tsx compiles with the tests' settings (module syntax, class fields).
COPY tsconfig.json ./
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
