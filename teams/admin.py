"""The admin for organisations: an organisation's admin manages its own members and nobody else's.

Access follows the organisation roles, not Django's model permissions: a staff user sees the
organisations they belong to, and the memberships of those they are an admin of; a superuser sees all.
Every change goes through teams.services, so the admin keeps the rules the API keeps.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from teams import selectors, services
from teams.models import Membership, Organisation, Role, WatchedCompany


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["user", "role", "created_at"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Organisation | None = None) -> bool:
        return False  # members are added on the membership page, through the service


class WatchedCompanyInline(admin.TabularInline):
    model = WatchedCompany
    extra = 0
    fields = ["company", "added_by", "created_at"]
    readonly_fields = ["company", "added_by", "created_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Organisation | None = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, WatchedCompanyInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return super().get_queryset(request).filter(pk__in=selectors.organisations_visible_to(user=request.user).values("pk"))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Organisation | None = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return selectors.is_superuser(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Organisation | None = None) -> bool:
        return selectors.is_superuser(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Organisation | None = None) -> bool:
        return selectors.is_superuser(request.user)

    def save_model(self, request: HttpRequest, obj: Organisation, form: forms.ModelForm, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # Created by a superuser, who does not thereby join it: they add its first admin next.
        created = services.organisation_create(name=obj.name, slug=obj.slug)
        obj.pk, obj.created_at = created.pk, created.created_at


class MembershipForm(forms.ModelForm):
    username = forms.CharField(max_length=150, required=False, help_text="the username of an existing user")

    class Meta:
        model = Membership
        fields = ["organisation", "role"]

    def __init__(self, *args, request: HttpRequest, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.request = request
        if self.instance.pk is None:
            self.fields["organisation"].queryset = selectors.organisations_managed_by(user=request.user)  # type: ignore[attr-defined]
            self.fields["username"].required = True
        else:
            # Who and where are fixed once someone is a member; only the role changes.
            self.fields.pop("organisation", None)
            self.fields.pop("username", None)

    def clean_username(self) -> object:
        username = self.cleaned_data.get("username", "").strip()
        if self.instance.pk is not None:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise ValidationError("no user has this username")
        return user

    def clean(self) -> dict:
        data = super().clean() or {}
        role = data.get("role")
        if self.instance.pk is not None and role and role != Role.ADMIN and selectors.is_last_admin(membership=self.instance):
            self.add_error("role", "This is the organisation's last admin; make someone else an admin first.")
        organisation, user = data.get("organisation"), data.get("username")
        if (
            self.instance.pk is None
            and organisation
            and user
            and Membership.objects.filter(organisation=organisation, user=user).exists()
        ):
            self.add_error("username", f"{user} is already a member of {organisation}.")
        return data


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "organisation__name"]
    list_select_related = ["user", "organisation"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        managed = selectors.organisations_managed_by(user=request.user)
        return super().get_queryset(request).filter(organisation__in=managed)

    def get_form(self, request: HttpRequest, obj: Membership | None = None, change: bool = False, **kwargs):  # noqa: ANN003, ANN201
        form = super().get_form(request, obj, change=change, **kwargs)

        class WithRequest(form):  # type: ignore[misc, valid-type]
            def __init__(self, *args, **inner) -> None:  # noqa: ANN002, ANN003
                super().__init__(*args, request=request, **inner)

        return WithRequest

    def get_fieldsets(self, request: HttpRequest, obj: Membership | None = None) -> list:
        if obj is None:
            return [(None, {"fields": ["organisation", "username", "role"]})]
        return [(None, {"fields": ["user", "organisation", "role"]})]

    def get_readonly_fields(self, request: HttpRequest, obj: Membership | None = None) -> list[str]:
        return ["user", "organisation"] if obj is not None else []

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff and selectors.organisations_managed_by(user=request.user).exists()

    def _manages(self, request: HttpRequest, obj: Membership | None) -> bool:
        if not (request.user.is_active and request.user.is_staff):
            return False
        if obj is None:
            return selectors.organisations_managed_by(user=request.user).exists()
        return selectors.may_manage_members(user=request.user, organisation=obj.organisation)

    def has_view_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return self._manages(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._manages(request, None)

    def has_change_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return self._manages(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        if obj is not None and selectors.is_last_admin(membership=obj):
            return False  # an organisation keeps its last admin
        return self._manages(request, obj)

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, so the last-admin rule is asked each time
        return actions

    def save_model(self, request: HttpRequest, obj: Membership, form: forms.ModelForm, change: bool) -> None:
        if change:
            saved = services.membership_role_change(membership=Membership.objects.get(pk=obj.pk), role=obj.role, by=request.user)
        else:
            saved = services.membership_add(
                organisation=form.cleaned_data["organisation"], user=form.cleaned_data["username"], role=obj.role, by=request.user
            )
        obj.pk, obj.user, obj.organisation = saved.pk, saved.user, saved.organisation

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        try:
            services.membership_remove(membership=obj, by=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)


class WatchedCompanyForm(forms.ModelForm):
    class Meta:
        model = WatchedCompany
        fields = ["organisation", "company"]


@admin.register(WatchedCompany)
class WatchedCompanyAdmin(admin.ModelAdmin):
    form = WatchedCompanyForm
    list_display = ["company", "organisation", "added_by", "created_at"]
    list_select_related = ["company", "organisation", "added_by"]
    search_fields = ["company__name", "company__cik", "organisation__name"]
    raw_id_fields = ["company"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WatchedCompany]:
        return selectors.private_rows_visible_to(user=request.user, rows=super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):  # noqa: ANN001, ANN201
        if db_field.name == "organisation":
            kwargs["queryset"] = selectors.organisations_editable_by(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: WatchedCompany | None = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_change_permission(self, request: HttpRequest, obj: WatchedCompany | None = None) -> bool:
        return False  # a watch is added or removed, never edited

    def has_delete_permission(self, request: HttpRequest, obj: WatchedCompany | None = None) -> bool:
        if obj is None:
            return request.user.is_active and request.user.is_staff
        return request.user.is_staff and selectors.may_edit(user=request.user, organisation=obj.organisation)

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request: HttpRequest, obj: WatchedCompany, form: forms.ModelForm, change: bool) -> None:
        saved = services.watchlist_add(organisation=obj.organisation, company=obj.company, by=request.user)
        obj.pk, obj.added_by, obj.created_at = saved.pk, saved.added_by, saved.created_at

    def delete_model(self, request: HttpRequest, obj: WatchedCompany) -> None:
        services.watchlist_remove(organisation=obj.organisation, company=obj.company, by=request.user)
