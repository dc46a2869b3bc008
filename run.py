"""Entry point: `flask --app run ...` and `python run.py` (development server on 127.0.0.1:5000)."""
from app import create_app
from config import ConfigError

try:
    app = create_app()
except ConfigError as exc:  # one line for the operator, not a traceback
    raise SystemExit(str(exc)) from None

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000)
