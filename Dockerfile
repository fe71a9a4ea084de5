# The returns service as a container image: the executable jar split into Spring Boot's layers (dependencies change
# rarely, the application often), run by a non-root user, with a health check.
# Build the jar first (mvn -B package -DskipTests), then: docker build -t jxc/returns-service .
FROM eclipse-temurin:17-jre AS layers
WORKDIR /build
COPY returns-service/target/returns-service.jar returns-service.jar
RUN java -Djarmode=tools -jar returns-service.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /srv/returns --create-home returns \
    && mkdir -p /srv/returns/data \
    && chown returns:returns /srv/returns/data
WORKDIR /srv/returns
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER returns
ENV RETURNS_DATA_DIR=/srv/returns/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME /srv/returns/data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
