"""The service navigation as people use it: on a phone, its links sit behind the "Menu" button."""


def from_menu(page) -> None:
    """Open the navigation when it is folded behind its "Menu" button (a narrow screen); else nothing."""
    page.wait_for_load_state("load")  # GOV.UK Frontend has folded the navigation, or will not
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def sign_out(page) -> None:
    from_menu(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/"))
