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
RUN mkdir -p /data && chown node:node /data
USER node
# glibc returns large blocks (argon2's 19 MiB per login) to the system at once; left to its
# sliding threshold it kept ~80 MiB after 4 logins at once. See README, Operations.
ENV STORAGE_DIR=/data PORT=3000 MALLOC_MMAP_THRESHOLD_=131072
EXPOSE 3000
CMD ["node", "--max-semi-space-size=16", "dist/src/main.js"]
