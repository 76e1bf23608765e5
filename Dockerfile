# The HTTP API (`kg serve`) in a container; docker-compose.yml runs it beside Neo4j.
FROM python:3.11-slim

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

WORKDIR /app
COPY . .
RUN pip install . && useradd --create-home --uid 10001 kg

# The sample report lives in data/ of the source tree, not in the installed package.
ENV KG_SAMPLE=/app/data/reports/harbin-new-area-2021-report.txt \
    KG_DATA_DIR=/home/kg/data
USER kg
EXPOSE 8000
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]
