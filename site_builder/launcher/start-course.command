#!/bin/sh
# macOS: double-click to start the course (Linux: sh start-course.command).
# Keep the Terminal window open while you work; Ctrl+C or closing it stops the course.
cd "$(dirname "$0")" || exit 1
if command -v python3 >/dev/null 2>&1; then
  exec python3 start-course.py "$@"
fi
echo "Python 3 is needed to start the course: https://www.python.org/downloads/"
read -r _
