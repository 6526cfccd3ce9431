# The dashboard as a container: docker build -t serbia-ties . && docker run -p 127.0.0.1:8501:8501 serbia-ties
# Publish on loopback only: Streamlit serves /_stcore/metrics to anyone and accepts any Host.
# For the public, run deploy/docker-compose.yml (replicas on an internal network behind nginx).
# .dockerignore keeps .venv, .git, tests and caches out of the build context.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY app.py ./
COPY assets/ assets/
COPY app_pages/ app_pages/
COPY components/ components/
COPY data/ data/
COPY seeds/ seeds/
COPY .streamlit/ .streamlit/
RUN useradd --create-home dashboard
USER dashboard
EXPOSE 8501
# start-period: a first start (imports, data validation) takes 5-20 s; failures then do not count.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health')"
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]
