from platform_common.migrations import run_env
from services.notifications.repository import SCHEMA, metadata

run_env(schema=SCHEMA, target_metadata=metadata)
