# syntax=docker/dockerfile:1
# Build: docker build -t portal .
# Run:   docker run -p 8080:8080 -v portal-data:/app/data portal
# The same image is the web instance and the worker (Events__Worker__Enabled); docker-compose.yml runs both.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props Portal.sln ./
COPY Portal/Portal.csproj Portal/
COPY Portal.Engine/Portal.Engine.csproj Portal.Engine/
RUN dotnet restore Portal/Portal.csproj
COPY Portal/ Portal/
COPY Portal.Engine/ Portal.Engine/
RUN dotnet publish Portal/Portal.csproj -c Release -o /out --no-restore

# The .NET 10 runtime image is Ubuntu 24.04 (package names below are Ubuntu's: libturbojpeg, not libturbojpeg0).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# SkiaSharp's native library needs fontconfig and freetype; libturbojpeg and libwebp are the image
# engine's faster codecs (Imaging:SystemCodecs=Auto uses them); libheif with its x265 plugin writes "heic"
# (GIF/TIFF/AVIF/HEIF come with NetVips.Native, no package); curl serves the container health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libfontconfig1 libfreetype6 libturbojpeg libwebp7 libheif1 libheif-plugin-x265 curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out ./
RUN mkdir -p /app/data && chown -R app:app /app/data
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Database__DataDirectory=/app/data
EXPOSE 8080
VOLUME /app/data
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD curl -fsS http://localhost:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "Portal.dll"]
