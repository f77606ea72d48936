import io

import pytest
from django.core.management import call_command
from django.db import transaction


def run_seed_demo(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker):
    """``seed_demo --with-admin`` once for the package, inside a transaction rolled back at the
    end: seeding is slow, and each test's own transaction is a savepoint nested in this one."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_seed_demo("--with-admin")
        transaction.set_rollback(True)
