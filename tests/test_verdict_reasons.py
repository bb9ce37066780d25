"""Log-in walls and server-error pages served with status 200 are not articles, and say so."""

from __future__ import annotations

from conftest import FETCHED_AT

from newsbot.pages.html_article import read_page


def verdict_of(html: str) -> str | None:
    verdict, article = read_page(html.encode(), url="https://s.kz/a", fetched_at=FETCHED_AT)
    assert article is None
    return verdict.reason


def test_login_wall() -> None:
    page = ("<html><head><title>Вход</title></head><body><form><input name=u><input type=PASSWORD name=p>"
            "<button>Войти</button></form></body></html>")
    assert verdict_of(page) == "login-wall"


def test_server_error_with_status_200() -> None:
    assert verdict_of("<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
                      ) == "error-page"
    assert verdict_of("<html><body><h1>Сервис временно недоступен</h1><p>Зайдите позже</p></body></html>"
                      ) == "error-page"


def test_a_headline_with_a_number_is_not_an_error() -> None:
    text = " ".join(["Мектепте жаңа сынып ашылды, оқушылар қуанышты."] * 10)
    page = f"<html><head><title>500 мектепке жаңа компьютер</title></head><body><h1>500 мектепке жаңа компьютер</h1>" \
           f"<p>{text}</p></body></html>"
    verdict, article = read_page(page.encode(), url="https://s.kz/a", fetched_at=FETCHED_AT)
    assert verdict.ok and article is not None
