# The reference target of stream-conformance: one bundled ES module (npm run build:target writes dist/container/) run
# by node as an unprivileged user. Nothing is installed at build time (no RUN, no npm), so the image also builds
# where no registry is reachable once node:20-slim is present locally (scripts/seed-base-image.sh).
#
#   npm run build:target && docker build -t stream-conformance-target .
#   docker run --rm --network host stream-conformance-target --port 8080 [--fault NAME ...] [--config FILE]
#
# Run it on host networking: the server listens on 127.0.0.1 only, and prints one JSON ready line on stdout.
FROM node:20-slim
WORKDIR /app
COPY dist/container/ /app/
ENV NODE_ENV=production
USER node
ENTRYPOINT ["node", "/app/target.mjs"]
CMD ["--port", "8080"]
