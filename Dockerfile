# Gateway image. Pinned base images. The gateway's class path is the production jar only; the
# simulators (test tree, built by package into the simulators jar, plus GreenMail) sit in /app/sim for
# docker-compose's lapor-sim, smsc-sim, mail-sim and scanner-sim services, never on the gateway's.
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY src src
COPY routes routes
COPY channel-config channel-config
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17.0.16_8-jre-jammy
# OCR for scanned letters (Indonesian and English language data)
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --home /app gateway && mkdir -p /app/data /app/letters-inbox && chown gateway /app/data /app/letters-inbox
WORKDIR /app
COPY --from=build /src/target/lapor-gateway-0.1.0-SNAPSHOT.jar /tmp/gateway.jar
# extracted jar + class-data-sharing archive from a training start of the production configuration
# (throw-away secrets; nothing external is reached before refresh ends). The archive is only used
# with the class path it was trained with: train with the ENTRYPOINT's absolute path.
RUN java -Djarmode=tools -jar /tmp/gateway.jar extract --destination /app/lib-root \
 && java -XX:ArchiveClassesAtExit=/app/lib-root/app.jsa -Dspring.context.exit=onRefresh -jar /app/lib-root/gateway.jar \
      --server.port=0 --gateway.data-dir=/tmp/train --lapor.base-url=http://127.0.0.1:9/api/v3 \
      --lapor.bearer=training --lapor.token=training --lapor.user-id=1 --gateway.security.admin.password=training \
 && rm -rf /tmp/train /tmp/gateway.jar
COPY --from=build /src/target/lapor-gateway-0.1.0-SNAPSHOT-simulators.jar /src/target/simulators-lib/ /app/sim/
COPY channel-config /app/channel-config
USER gateway
ENV OMP_THREAD_LIMIT=1 GATEWAY_CONFIG_DIR=/app/channel-config
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:SharedArchiveFile=/app/lib-root/app.jsa", "-jar", "/app/lib-root/gateway.jar"]
