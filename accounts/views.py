"""The login page and the site root, both ending where the user's work starts."""

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect

from accounts.forms import LoginForm
from accounts.home import home_url_for


class LoginView(auth_views.LoginView):
    """Django's login; without a ?next= the user lands on their role's home page."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return home_url_for(self.request.user)


def home(request):
    """The site root: the user's home page, or the login page for a visitor."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return redirect(home_url_for(request.user))
