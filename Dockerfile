# Build stage: full install, compile TypeScript (with the Swagger plugin) to dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
RUN npm run build

# Runtime stage: production dependencies and the compiled code only.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY scripts/run-node.sh ./scripts/run-node.sh
RUN mkdir -p /data && chown node:node /data
USER node
ENV STORAGE_DIR=/data PORT=3000
EXPOSE 3000
# The node flags and glibc setting live in scripts/run-node.sh (it execs node: signals reach it).
CMD ["sh", "scripts/run-node.sh", "dist/src/main.js"]
