"""Admin pieces every app uses."""


class ReadOnlyAdmin:
    """A record that changes only through its own service (which checks and logs): the admin may
    read it, never add, edit or delete it. Mix in before ModelAdmin or an inline."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
