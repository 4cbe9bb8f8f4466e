# syntax=docker/dockerfile:1
# Modvault image: build the jar with the Maven wrapper, run it from its extracted layers on a JRE as user 10001.
#   docker build -t modvault:0.1.0 .
#   docker run -p 8080:8080 modvault:0.1.0
# No secrets go into the image: credentials come from the environment at run time (see docs/operations.md).

ARG JAVA_VERSION=25

FROM eclipse-temurin:${JAVA_VERSION}-jdk AS build
WORKDIR /src
COPY . .
# the cache mount keeps downloaded dependencies between builds (BuildKit)
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl registry-web -am -DskipTests package
# Spring Boot 4 layered extraction: dependencies change less often than the application, so they are separate layers
RUN java -Djarmode=tools -jar registry-web/target/modvault.jar extract --layers --launcher --destination /extracted \
    && mkdir -p /extracted/dependencies /extracted/spring-boot-loader /extracted/snapshot-dependencies \
                /extracted/application

FROM eclipse-temurin:${JAVA_VERSION}-jre
RUN groupadd --system --gid 10001 modvault \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin modvault \
    && mkdir -p /var/lib/modvault \
    && chown 10001:10001 /var/lib/modvault
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# local state (the disk store and the spool) outside the application folder; a volume in production
ENV MODVAULT_DATA_DIR=/var/lib/modvault \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
