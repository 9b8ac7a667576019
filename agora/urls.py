app_name = "agora"

urlpatterns: list = []
