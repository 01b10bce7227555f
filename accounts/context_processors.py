from accounts.roles import Role, role_of


def roles(request):
    """The signed-in user's role, for navigation that shows each role only what it may use."""
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    return {
        "user_role": role,
        "user_role_label": Role(role).label if role else "",
        "is_secretariat": role == Role.SECRETARIAT,
        "is_cochair": role == Role.COCHAIRS,
        "is_delegate": role == Role.DELEGATES,
        "can_read_internal": role in (Role.SECRETARIAT, Role.COCHAIRS),
    }
