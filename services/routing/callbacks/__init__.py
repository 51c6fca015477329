"""Voice callbacks: one call step POSTed, signed, to the number's voice_callback_url, and the
reply parsed into typed voice actions (or a typed failure)."""
