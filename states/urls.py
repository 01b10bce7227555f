from states.urls_edit import urlpatterns as edit_urlpatterns
from states.urls_public import urlpatterns as public_urlpatterns

app_name = "states"

urlpatterns = [*public_urlpatterns, *edit_urlpatterns]
