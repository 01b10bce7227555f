app_name = "depositary"

urlpatterns = []
