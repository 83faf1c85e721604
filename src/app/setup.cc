#include "app/setup.h"

#include "app/use_cases.h"
#include "storage/auth_store.h"
#include "storage/store.h"

namespace nq::app {
namespace {

using namespace nq::domain;

struct DemoUser {
  const char* login;
  const char* name;
  Role role;
  const char* unit_code;
  const char* person = nullptr;  // the committee member the user is, by name
};

constexpr DemoUser kDemoUsers[] = {
    {"admin", "Quản trị hệ thống", Role::kAdministrator, "viet-nam"},
    {"thanh-hoa.viewer", "Lê Văn Thành (Tỉnh ủy Thanh Hóa)", Role::kViewer, "thanh-hoa"},
    {"ba-thuoc.manager", "Phạm Thị Hương (Văn phòng Huyện ủy)", Role::kManager, "ba-thuoc"},
    {"ba-thuoc.reviewer", "Trương Văn Hùng (Văn phòng Huyện ủy)", Role::kReviewer, "ba-thuoc"},
    {"ba-thuoc.editor", "Hà Thị Lan (Văn phòng Huyện ủy)", Role::kEditor, "ba-thuoc"},
    {"ba-thuoc.viewer", "Lò Văn Minh (Bí thư Huyện ủy)", Role::kViewer, "ba-thuoc"},
    {"lung-cao.editor", "Hà Văn Sơn (Đảng ủy xã Lũng Cao)", Role::kEditor, "ba-thuoc-lung-cao"},
    {"lung-cao.viewer", "Lường Thị Mai (Đảng ủy xã Lũng Cao)", Role::kViewer, "ba-thuoc-lung-cao"},
    {"thanh-son.manager", "Đinh Công Bằng (Huyện ủy Thanh Sơn)", Role::kManager, "thanh-son"},
    {"binh-dai.manager", "Nguyễn Thị Thu (Huyện ủy Bình Đại)", Role::kManager, "binh-dai"},
    {"ben-tre.viewer", "Trần Văn Phước (Tỉnh ủy Bến Tre)", Role::kViewer, "ben-tre"},
    // A committee member: the leader's dashboard shows her fields and units.
    {"binh-dai.leader", "Huỳnh Thị Kim Loan (Phó Bí thư Huyện ủy Bình Đại)", Role::kViewer,
     "binh-dai", "Huỳnh Thị Kim Loan"},
};

}  // namespace

Status CreateFirstAdministrator(Service& service, Authenticator& auth, const std::string& login,
                                const std::string& password) {
  Actor actor{"init", "", ""};
  auto done = service.Mutate(actor, "", [&](WriteScope& scope) -> Result<Reply> {
    NQ_TRY(auto existing, storage::FindUserByLogin(scope.tx(), login));
    if (existing) return MakeError(ErrorCode::kAlreadyExists, "user \"{}\" already exists", login);
    NQ_TRY(auto roots, storage::List<UnitVersion>(scope.tx(), {storage::IsNull("parent_id")}));
    if (roots.empty()) {
      NQ_TRY(auto units, storage::List<Unit>(scope.tx()));
      if (!units.empty()) {
        return MakeError(ErrorCode::kFailedPrecondition, "the unit tree has no root unit");
      }
      NQ_TRY(UnitKind kind, CreateEntity(scope, UnitKind{0, "quoc-gia", "Cả nước", "Nation", 0}));
      Unit root;
      root.code = "viet-nam";
      root.name = "Việt Nam";
      root.short_name = "Việt Nam";
      root.kind_id = kind.id;
      root.validity.valid_from = *Date::Parse("1945-09-02");
      NQ_TRY(Unit created, CreateUnit(scope, root, std::nullopt));
      roots.push_back(UnitVersion{0, created.id, std::nullopt, root.validity});
    }
    NQ_TRY(User user, auth.AddUser(scope, login, "Quản trị hệ thống", password));
    std::vector<Id> granted;
    for (const UnitVersion& root : roots) {
      if (std::find(granted.begin(), granted.end(), root.unit_id) != granted.end()) continue;
      granted.push_back(root.unit_id);
      NQ_RETURN_IF_ERROR(
          auth.AddGrant(scope, Grant{0, user.id, Role::kAdministrator, root.unit_id, true}));
    }
    return Reply{};
  });
  if (!done) return std::unexpected(done.error());
  return Ok();
}

Status LoadDemoUsers(Service& service, Authenticator& auth) {
  Actor actor{"demo", "", ""};
  auto done = service.Mutate(actor, "", [&](WriteScope& scope) -> Result<Reply> {
    for (const DemoUser& demo : kDemoUsers) {
      NQ_TRY(Unit unit, storage::GetByCode<Unit>(scope.tx(), demo.unit_code));
      Grant grant{0, 0, demo.role, unit.id, true};
      NQ_TRY(User user, auth.AddUser(scope, demo.login, demo.name, kDemoPassword, "", &grant));
      if (demo.person != nullptr) {
        NQ_TRY(auto people, storage::List<Person>(scope.tx(), {storage::Eq("name", demo.person)}));
        if (people.empty()) {
          return MakeError(ErrorCode::kNotFound, "demo person \"{}\" not found", demo.person);
        }
        user.person_id = people.front().id;
        NQ_RETURN_IF_ERROR(storage::Update(scope.tx(), user));
        NQ_RETURN_IF_ERROR(scope.Audit("update", "user", user.id, nullptr, nullptr));
      }
    }
    return Reply{};
  });
  if (!done) return std::unexpected(done.error());
  return Ok();
}

}  // namespace nq::app
