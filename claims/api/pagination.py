"""Page size for API lists: PAGE_SIZE (100) by default, `?page_size=` up to 1,000."""

from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """Numbered pages; `?page_size=` above the cap gets the cap, an unreadable one the default."""

    page_size_query_param = "page_size"
    max_page_size = 1000
