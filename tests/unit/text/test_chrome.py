"""Site furniture inside running text (`text.chrome`). The texts are real: pages of the
labelled development pairs (../shared/eval/dedup/ru_train_pool.tsv, each case names its page)
and posts of public Telegram news channels (lab/data/telegram_pairs.tsv), cut short
where the case does not need the rest."""

from __future__ import annotations

import pytest

from digest.text.bounds import TRUNCATED, cap
from digest.text.chrome import without_chrome

STORY = (
    "Число погибших при столкновении двух автомобилей в Еврейской автономной области выросло до "
    "пяти человек. На федеральной трассе «Амур» между селами Белгородское и Ленинское "
    "столкнулись Toyota Corolla и Toyota Land Cruiser. Погибли четыре школьницы и водитель "
    "одной из машин. Еще несколько человек пострадали, их доставили в больницу Биробиджана. "
    "Возбуждено уголовное дело о нарушении правил дорожного движения, повлекшем по "
    "неосторожности смерть двух и более лиц. Водитель внедорожника задержан."
)


@pytest.mark.parametrize(
    ("furniture", "page"),
    [
        # www.dvnovosti.ru/eao/2019/11/07/106628/: source line, WhatsApp, call for photos
        (" Источник — ТАСС, прокуратура ЕАО Наш WhatsApp +7 (914) 544 55 32 Ты свидетель "
         "происшествия?Пришли фото в редакцию", "dvnovosti.ru"),
        # news-r.ru/news/events/380897/
        (" Читайте нас в  News", "news-r.ru"),
        # newdaynews.ru/health/676578.html
        (" Оттава, Иван Гридин © 2019, РИА «Новый День» Написать автору или сообщить новость"
         "Подписывайтесь на каналыЯндекс НовостиЯндекс ДзенYouTube", "newdaynews.ru"),
        # nevnov.ru/742569-…: the tag list
        (" #петербург#израиль#пискаревское кладбище", "nevnov.ru"),
        # kurer-sreda.ru/2019/11/12/477615-…: source, then the tags
        (" Источник: ТАСС бедность ВВП социальная помощь Алексей Кудрин", "kurer-sreda.ru"),
        # nation-news.ru/485593-…
        (" Интересно? Жми, чтобы подписаться на сайт в Яндексе Автор: Мария Федорова",
         "nation-news.ru"),
        # t.me/shot_shot, t.me/moskva_tretiy_rim
        ("  Подписывайся на SHOT  Прислать новость", "SHOT"),
        ("  Подписаться на Москву - новостную", "Москва - новостная"),
    ],
)  # fmt: skip
def test_the_site_s_furniture_after_the_story_comes_off(furniture: str, page: str) -> None:
    assert without_chrome(STORY + furniture) == STORY, page


def test_a_page_header_comes_off_the_start() -> None:
    """kurer-sreda.ru/2019/11/12/477615-…: time, date, photo credit and two counters; a date
    alone opening the text is taken for the page's too."""
    text = "13:00  12.11.2019 Фото: кремлин.ру3  0 Только дотации на выравнивание бюджетов " + STORY
    assert without_chrome(text) == "Только дотации на выравнивание бюджетов " + STORY
    assert (
        without_chrome("12.11.2019 стало известно, что " + STORY) == "стало известно, что " + STORY
    )


@pytest.mark.parametrize(
    "text",
    [
        STORY,
        # a summary's last words may be all it says: a short text keeps its tail
        "Суд арестовал водителя внедорожника. Ему грозит до семи лет лишения свободы",
        # a call the story quotes early, not at its end, stays
        "«Подписывайтесь на петицию», — призвали жители Биробиджана. " + STORY,
        # a text that is nothing but furniture is kept as sent
        "#петербург #израиль",
    ],
)
def test_the_story_itself_stays(text: str) -> None:
    assert without_chrome(text) == text


def test_a_text_s_own_last_marks_stay() -> None:
    """Only a cut loses the marks before it: a capped text keeps its «[…]», a figure its «%»."""
    capped, _ = cap("\n\n".join([STORY] * 3), 2 * len(STORY))
    assert capped.endswith(TRUNCATED)
    assert without_chrome(capped) == capped
    assert without_chrome(STORY + " Цены выросли на 8,5%.") == STORY + " Цены выросли на 8,5%."
    assert without_chrome(STORY + "\n\n🎯 Подписывайся на SHOT") == STORY
