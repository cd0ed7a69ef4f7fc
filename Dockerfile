# Build stage: full install (the service's and the web application's packages), compile the
# service (with the Swagger plugin) to dist/ and the web application to web/dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/install-web.sh ./scripts/install-web.sh
COPY web/package.json web/package-lock.json web/.npmrc ./web/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json openapi.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
COPY web ./web
RUN npm run build

# Runtime stage: production dependencies, the compiled service and the built web application;
# no browser package reaches it.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/install-web.sh ./scripts/install-web.sh
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY scripts/run-node.sh ./scripts/run-node.sh
RUN mkdir -p /data && chown node:node /data
USER node
ENV STORAGE_DIR=/data PORT=3000 WEB_DIST_DIR=/app/web/dist
EXPOSE 3000
# The node flags and glibc setting live in scripts/run-node.sh (it execs node: signals reach it).
CMD ["sh", "scripts/run-node.sh", "dist/src/main.js"]
