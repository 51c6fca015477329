from gateway.repository import SCHEMA, metadata
from platform_common.migrations import run_env

run_env(schema=SCHEMA, target_metadata=metadata)
