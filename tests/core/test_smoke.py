from django.urls import reverse


def test_the_home_page_greets_office_staff_in_chinese(office_a, client_for):
    response = client_for(office_a).get(reverse("home"))
    assert response.status_code == 200
    assert "审管办甲" in response.content.decode()
