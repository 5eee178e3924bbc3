#!/usr/bin/env python3
"""A real SMTP server on loopback that stores every message it accepts as one JSON file.

For the email-notification tests (MonitoringStack.Tests/Config/AlertmanagerEmailTests.cs) and for trying
the email receiver by hand. Built on aiosmtpd (Debian: python3-aiosmtpd). The message is parsed with
Python's email package, so the JSON holds what a mail client shows: decoded subject, the plain-text and
HTML parts (quoted-printable and base64 undone), and the envelope.

Usage: smtp-sink.py --port 2525 --out /tmp/mails     (runs until SIGTERM or Ctrl-C; loopback only)
"""
import argparse
import json
import os
import signal
import threading
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller


class JsonMailbox:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content or envelope.content)
        parts = {"text": "", "html": ""}
        for part in message.walk():
            kind = part.get_content_type()
            if kind in ("text/plain", "text/html") and not part.is_multipart():
                parts["text" if kind == "text/plain" else "html"] += part.get_content()
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message.get("From", "")),
            "to": str(message.get("To", "")),
            "subject": str(message.get("Subject", "")),
            "text": parts["text"],
            "html": parts["html"],
        }
        with self.lock:
            self.count += 1
            name = f"{self.count:05d}.json"
        # Written under a temporary name and renamed: a reader never sees half a message.
        temporary = os.path.join(self.folder, f".{name}.tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.replace(temporary, os.path.join(self.folder, name))
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True, help="folder for the JSON files")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    controller = Controller(JsonMailbox(args.out), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"smtp-sink: listening on 127.0.0.1:{args.port}, writing to {args.out}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
