# syntax=docker/dockerfile:1
# The EventBroker gateway image. Build from the repository root:
#   docker build -t eventbroker-gateway .
# With no configuration the container is the embedded single-node broker (SQLite under /app/data); the compose stack
# in compose/ turns it into a cluster member with Broker__Store=esdb://… and Broker__Redis=….

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore inputs first, so that editing a .cs file reuses the restored layer: the central package pins, the SDK pin,
# the build properties (src/Directory.Build.props imports the root one) and the project files of the gateway and of
# every project it references, transitively. tests/EventBroker.Compose.Tests checks this list against the csproj graph.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Directory.Build.props src/
COPY src/Protocol/EventBroker.Protocol.csproj src/Protocol/
COPY src/Storage/EventBroker.Storage.csproj src/Storage/
COPY src/Routing/EventBroker.Routing.csproj src/Routing/
COPY src/Gateway/EventBroker.Gateway.csproj src/Gateway/
RUN dotnet restore src/Gateway/EventBroker.Gateway.csproj

COPY src/ src/
# Framework-dependent and RID-less, so the same Dockerfile builds amd64 and arm64 images; the runtime stage starts it
# with `dotnet`, so no native apphost is needed.
RUN dotnet publish src/Gateway/EventBroker.Gateway.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# The embedded store and the in-process routing files live under ./data (relative to /app); the non-root user must
# be able to create them. Mount a volume here to keep a single-node broker's data across container restarts.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data

# The aspnet image sets ASPNETCORE_HTTP_PORTS=8080. The gateway binds its own ports in code from Broker:HttpPort and
# the remoting ports, so clear it: otherwise Kestrel logs on every start that it overrides that address.
ENV ASPNETCORE_HTTP_PORTS=

# APP_UID (1654, user "app") is the non-root user the .NET images ship with.
USER $APP_UID

# The defaults of src/Gateway/Configuration/BrokerOptions.cs: name server 9876, HTTP 8080, and the broker ports of
# two logical brokers (ListenPort 10911 and ListenPort + 1), as the compose stack runs broker-a,broker-b. A longer
# Broker__BrokerNames list listens on further ports: publish them with -p.
EXPOSE 9876 10911 10912 8080

# The aspnet image has neither curl nor wget (Ubuntu 24.04 base, .NET packages only), and installing one adds a
# package layer and attack surface just for this. bash is part of every Ubuntu image and its /dev/tcp redirection
# opens a TCP connection, which is enough for one HTTP/1.0 GET: /health answers 200 when the store answers and 503
# otherwise. Broker__HttpPort is read from the environment, where compose and `docker run -e` set it.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${Broker__HttpPort:-8080} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "EventBroker.Gateway.dll"]
