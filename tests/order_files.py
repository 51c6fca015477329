"""Test files and registration values of the number-order tests (no I/O)."""

from __future__ import annotations

# Tiny but real files: the magic bytes `filetype` recognises.
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
WINDOWS_EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + (b"PE\x00\x00" + b"\x00" * 64)
)

BUSINESS = {
    "registered_name": "Acme Widgets Limited",
    "registration_number": "PVT-7XQ2K9LM",
    "kra_pin": "P987654321K",
    "contact_person": "Wanjiru Kamau",
    "use_description": "Customer care hotline for widget repairs",
}
