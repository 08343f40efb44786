//! The unassigned number table: ranges created when missing, each with its
//! priority.

use super::*;

/// The unassigned number table: each range created when missing, then set
/// whole, with every range's `-Priority` stated (its rank in
/// [`Model::unassigned_in_order`]), so Lync applies them in the simulated
/// order. Announcements and Auto Attendant contacts are not created here.
pub(super) fn unassigned_numbers(s: &mut Script, m: &Model) {
    s.section("Unassigned number table");
    if m.unassigned.is_empty() {
        s.comment("none declared");
        return;
    }
    s.comment("The announcements and Exchange UM Auto Attendants named here must exist already.");
    for (rank, id) in m.unassigned_in_order().into_iter().enumerate() {
        let u = m.unassigned.get(id);
        let name = identity::unassigned(u);
        let whole = |c: Command| {
            let c = c
                .str("NumberRangeStart", &u.range.value.first)
                .str("NumberRangeEnd", &u.range.value.last);
            match &u.treatment {
                Treatment::Announcement { pool, name } => c
                    .str(
                        "AnnouncementService",
                        &identity::announcement_service(m, pool.id),
                    )
                    .str("AnnouncementName", &name.value),
                Treatment::ExchangeUm(n) => c.str("ExUmAutoAttendantPhoneNumber", &n.text),
            }
        };
        s.out.push('\n');
        s.create_if_missing(
            Command::new("Get-CsUnassignedNumber").str("Identity", &name),
            whole(Command::new("New-CsUnassignedNumber").str("Identity", &name)),
        );
        s.command(
            whole(Command::new("Set-CsUnassignedNumber").str("Identity", &name))
                .arg("Priority", Value::Int(rank as i64)),
        );
    }
}
