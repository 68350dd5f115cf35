# syntax=docker/dockerfile:1
#
# The todo-service image: built from source with the Maven wrapper (compiled for Java 17), run as a layered
# Boot app on a Java 25 JRE with an AOT cache from a training run (docs/performance.md, start-up).
#   docker compose up --build          (the whole system, see compose.yaml)
#   docker build -t todo-service .     (this image alone)
# DeploymentFilesTests checks this file's wiring against pom.xml and compose.yaml.

# ---- build: JDK 17 and the Maven wrapper. The wrapper fetches the pinned Maven 3.9.16, since the
# protobuf plugin needs Maven >= 3.9.6; the base image brings wget/curl for that download.
FROM eclipse-temurin:17-jdk-noble AS build
WORKDIR /workspace

# Dependencies first, in a layer of their own: rebuilt only when the pom, the wrapper or the Protobuf
# contract change, not on every source edit. go-offline alone misses what plugins resolve while they
# run (protoc and the protobuf plugin's own libraries), so the contract is compiled here once as well.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src/main/proto src/main/proto
RUN ./mvnw -B -ntp dependency:go-offline generate-sources

# Offline (-o): everything was resolved above; a miss should fail here, not download on every build.
COPY src src
RUN ./mvnw -B -ntp -o package -DskipTests

# Split the fat jar into layers, least to most often changed: dependencies, the Boot launcher,
# snapshot dependencies, the application. A code change then rebuilds only the last, small layer.
# Extracted as a plain jar with its libraries beside it (no --launcher), the form an AOT cache needs.
RUN java -Djarmode=tools -jar target/todo-service-0.1.0-SNAPSHOT.jar \
    extract --layers --destination extracted

# ---- runtime: JRE only, no build tools, no sources. Java 25 runs the Java 17 jar, and has the AOT cache.
FROM eclipse-temurin:25-jre-noble

# A fixed numeric uid, so orchestrators can verify "not root" (runAsNonRoot) without a passwd lookup.
# The HEALTHCHECK below uses curl, which the Ubuntu-based Temurin images install (adoptium/containers
# #255); the check fails the build here rather than leave a container that can never become healthy
# should a future base image drop it.
RUN groupadd --gid 10001 todo \
    && useradd --uid 10001 --gid todo --no-create-home --shell /usr/sbin/nologin todo \
    && command -v curl > /dev/null

WORKDIR /app
# Owned by root and read-only to the service user: the process cannot rewrite its own code.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./

# Spring AOT mode, unless the image is built with --build-arg SPRING_AOT=false: the jar's bean
# definitions generated at build time replace reading configuration classes and evaluating conditions at
# each start (docs/deployment.md: what that fixes at build time, and the settings that turn it off for a
# start). The training run below and every start see it through JDK_JAVA_OPTIONS, so the cache holds the
# classes of the mode the image runs in.
ARG SPRING_AOT=true
ENV JDK_JAVA_OPTIONS="-Dspring.aot.enabled=${SPRING_AOT}"

# The AOT cache: a training run loads and links the classes start-up needs, stops once the context is
# refreshed (spring.context.exit=onRefresh) and writes them to app.aot, which each start then maps. It
# needs no database or broker (none runs during a build): no migration, no topic creation, addresses
# that do not answer. Its JVM options are the ENTRYPOINT's (a cache made with the other object header
# layout is refused, and the start is then as slow as without), a fixed heap in place of the limit.
# bench/run trains its cache the same way (system-tests/.../bench/Deployed.java).
RUN SPRING_FLYWAY_ENABLED=false SPRING_KAFKA_ADMIN_AUTO_CREATE=false \
    DATABASE_URL=postgresql://127.0.0.1:1/training KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 \
    TODO_AUTH_ISSUER_URI=http://127.0.0.1:1/training PORT=0 \
    java -Xmx512m -XX:+UseParallelGC -XX:YoungGenerationSizeSupplement=0 -XX:+UseCompactObjectHeaders \
    -XX:TrimNativeHeapInterval=1000 -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh \
    -jar todo-service-0.1.0-SNAPSHOT.jar

USER 10001:10001

ENV PORT=8003
EXPOSE 8003

# Readiness, not liveness: "healthy" should mean "takes traffic", which is what depends_on and load
# balancers wait for. The start period covers the wait for PostgreSQL (DATABASE_CONNECT_ATTEMPTS x
# DATABASE_CONNECT_DELAY, 25 s by default) plus the start itself, with room for a slow machine.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/actuator/health/readiness" || exit 1

# Every open live stream (GET /todos/events) is a connection and a file descriptor, though no thread: the
# connector takes up to TODO_HTTP_MAX_CONNECTIONS (16,384); an image cannot raise its own limit, so run it
# with a higher one (docker run --ulimit nofile=65536:65536; compose.yaml sets it). The JVM lifts its soft
# limit to that hard one by itself.
# Exec form: java is PID 1 and gets SIGTERM itself, so server.shutdown=graceful drains requests.
# Container support is on by default, so the heap follows the container's memory limit; 75 % leaves
# room for metaspace, thread stacks and direct buffers. The initial heap stays the JVM's small default
# and grows under load, so start-up's garbage touches no more memory than it needs. The parallel GC: less
# CPU per request than the serial one, for some more memory at idle; its young generation grows in steps
# of the default size only (no start-up supplement), so start-up's burst of allocation leaves less of it
# touched while sustained load still grows it; compact object headers, and malloc's freed memory handed
# back every second (docs/performance.md, start-up).
# More JVM flags: JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-XX:+UseParallelGC", "-XX:YoungGenerationSizeSupplement=0", \
    "-XX:+UseCompactObjectHeaders", "-XX:TrimNativeHeapInterval=1000", "-XX:AOTCache=app.aot", \
    "-jar", "todo-service-0.1.0-SNAPSHOT.jar"]
