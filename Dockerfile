# Tribune node image: dependencies, the mediasoup worker (built offline from the
# installed package, as on a developer machine) and the browser client, built once.
FROM node:20-bookworm
RUN apt-get update \
  && apt-get install -y --no-install-recommends ffmpeg python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run media:worker && npm run client:build
ENV HOST=0.0.0.0 DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 3000
# node itself as PID 1, not the tsx CLI: that wrapper SIGKILLs its child when the child does
# not confirm a SIGTERM within 2 × 30 ms (a busy node), which cut the graceful shutdown short.
CMD ["node", "--import", "tsx", "server/src/server.ts"]
