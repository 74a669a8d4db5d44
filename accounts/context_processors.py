from accounts.roles import Role


def user_roles(request) -> dict:
    """Expose the roles enum so templates can ask `user.has_role` with stable names."""
    return {"ROLE": Role}
