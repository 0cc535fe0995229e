//! `minhbach demo`: a deterministic synthetic content folder at any scale (by default the
//! nation: 34 provinces, 3,321 communes, 60 monthly periods), for benchmarks, demos and tests.
//! Every figure is invented; the site says so on every page through `notice:` in site.yaml.

use crate::base::ids::suggest_id;
use chrono::{Datelike, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// How much to generate.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    /// Number of provinces (at most 34, the real count since July 2025).
    pub provinces: usize,
    /// Number of communes, spread over the provinces.
    pub communes: usize,
    /// Number of monthly periods, ending with October 2026.
    pub periods: usize,
    /// Seed of the random figures: the same seed gives the same bytes.
    pub seed: u64,
    /// Communes of the first province without a file for the latest month (0: every commune
    /// reports). Above 0, that province also sets `report_due_days: 5` and its other communes
    /// date their latest report, the first of them late.
    pub missing_latest: usize,
}

impl Default for Scale {
    fn default() -> Self {
        Scale {
            provinces: 34,
            communes: 3321,
            periods: 60,
            seed: 57,
            missing_latest: 0,
        }
    }
}

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// The 34 provincial units since 1 July 2025: name and whether it is a centrally run city.
const PROVINCES: [(&str, bool); 34] = [
    ("Hà Nội", true),
    ("Huế", true),
    ("Hải Phòng", true),
    ("Đà Nẵng", true),
    ("Thành phố Hồ Chí Minh", true),
    ("Cần Thơ", true),
    ("Lai Châu", false),
    ("Điện Biên", false),
    ("Sơn La", false),
    ("Lạng Sơn", false),
    ("Quảng Ninh", false),
    ("Thanh Hóa", false),
    ("Nghệ An", false),
    ("Hà Tĩnh", false),
    ("Cao Bằng", false),
    ("Tuyên Quang", false),
    ("Lào Cai", false),
    ("Thái Nguyên", false),
    ("Phú Thọ", false),
    ("Bắc Ninh", false),
    ("Hưng Yên", false),
    ("Ninh Bình", false),
    ("Quảng Trị", false),
    ("Quảng Ngãi", false),
    ("Gia Lai", false),
    ("Khánh Hòa", false),
    ("Lâm Đồng", false),
    ("Đắk Lắk", false),
    ("Đồng Nai", false),
    ("Tây Ninh", false),
    ("Vĩnh Long", false),
    ("Đồng Tháp", false),
    ("Cà Mau", false),
    ("An Giang", false),
];

/// Common commune names; the same name recurs across provinces, as it does in Vietnam.
const COMMUNE_NAMES: &[&str] = &[
    "Tân Lập",
    "Tân Tiến",
    "Hòa Bình",
    "Quang Trung",
    "Thống Nhất",
    "Đồng Tâm",
    "Hợp Tiến",
    "Phú Xuân",
    "An Bình",
    "Vĩnh Phúc",
    "Tân Phú",
    "Hưng Đạo",
    "Lê Lợi",
    "Trần Phú",
    "Phú Lộc",
    "Đông Hưng",
    "Nam Sơn",
    "Bắc Sơn",
    "Tây Sơn",
    "Yên Bình",
    "Minh Khai",
    "Hồng Phong",
    "Quyết Thắng",
    "Đại Đồng",
    "Tiên Phong",
    "Kim Sơn",
    "Thanh Sơn",
    "Thành Công",
    "Xuân Hòa",
    "Hòa An",
    "Phước Long",
    "Long Hòa",
    "Bình Minh",
    "Tân Hiệp",
    "An Phú",
    "Mỹ Hòa",
    "Phú Mỹ",
    "Vĩnh Hòa",
    "Hiệp Hòa",
    "Ea Kar",
    "Đức Phổ",
    "Sơn Tịnh",
    "Cẩm Xuyên",
    "Diễn Châu",
    "Quỳnh Lưu",
    "Nghĩa Đàn",
    "Lam Vỹ",
    "Xuân Giang",
    "An Trường",
    "Ngọc Lặc",
    "Thọ Xuân",
    "Yên Thế",
    "Lục Ngạn",
    "Chiêm Hóa",
    "Bảo Yên",
    "Mường Tè",
    "Tủa Chùa",
    "Mộc Châu",
    "Đồng Văn",
    "Trà Ôn",
    "Cái Nước",
    "Châu Thành",
    "Tịnh Biên",
    "Lấp Vò",
    "Gò Dầu",
    "Long Thành",
    "Bảo Lộc",
    "Cam Ranh",
    "Krông Pắc",
    "Ia Grai",
    "Đức Trọng",
    "Vạn Ninh",
    "Hải Lăng",
    "Gio Linh",
];

/// Writes a synthetic content folder into `out`, which must not exist or be empty.
pub fn generate(out: &Path, scale: Scale) -> io::Result<Written> {
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is not empty; choose a new folder for the demo content",
                out.display()
            ),
        ));
    }
    let provinces = scale.provinces.clamp(1, PROVINCES.len());
    let months = months_ending_october_2026(scale.periods.max(1));
    let mut files: Vec<(PathBuf, String)> = vec![
        (out.join("site.yaml"), site_yaml()),
        (
            out.join("indicators.yaml"),
            include_str!("../content/indicators.yaml").to_string(),
        ),
        (out.join("pages/about.vi.md"), about(true)),
        (out.join("pages/about.en.md"), about(false)),
    ];
    let plan = communes_per_province(provinces, scale.communes.max(provinces));
    for (n, (name, city)) in PROVINCES.iter().take(plan.len()).enumerate() {
        let pid = suggest_id(name);
        let kind = if *city { "thanh_pho" } else { "tinh" };
        files.push((
            out.join("communes").join(&pid).join("_province.yaml"),
            format!(
                "name: {name:?}\nkind: {kind}\n{}{}",
                due_days(n, scale.missing_latest),
                demo_targets(name, n)
            ),
        ));
    }
    let written = write_all(&files)?;
    let communes: Vec<(usize, usize)> = plan
        .iter()
        .enumerate()
        .flat_map(|(p, &n)| (0..n).map(move |c| (p, c)))
        .collect();
    let totals = communes
        .par_iter()
        .map(|&(p, c)| {
            let names = commune_names(plan[p]);
            let (name, id) = &names[c];
            let dir = out
                .join("communes")
                .join(suggest_id(PROVINCES[p].0))
                .join(id);
            let seed =
                scale.seed ^ ((p as u64) << 32 | c as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let mut files = commune_files(&dir, name, &months, seed);
            if p == 0 && scale.missing_latest > 0 {
                latest_month_reporting(&mut files, c, plan[p], scale.missing_latest, &months);
            }
            write_all(&files)
        })
        .collect::<io::Result<Vec<Written>>>()?;
    Ok(totals.into_iter().fold(written, |a, b| Written {
        files: a.files + b.files,
        bytes: a.bytes + b.bytes,
    }))
}

/// Targets of the `n`-th demo province for 2026, on two key figures, from a plan that exists
/// only in the demo; every other province sets none, so that pages show both cases.
fn demo_targets(name: &str, n: usize) -> String {
    if n % 2 == 1 {
        return String::new();
    }
    let online = 90 + (n % 3) as u32 * 3;
    format!(
        "targets:
  - indicator: dossiers_online_rate
    min: {online}
    year: 2026
    source: {{title: \"Kế hoạch chuyển đổi số năm 2026 (mô phỏng)\", number: \"{num}/KH-UBND\", date: 2026-01-15, issued_by: \"UBND {name} (mô phỏng)\"}}
  - indicator: dossiers_on_time_rate
    min: 98
    year: 2026
    source: {{title: \"Kế hoạch chuyển đổi số năm 2026 (mô phỏng)\", number: \"{num}/KH-UBND\", date: 2026-01-15, issued_by: \"UBND {name} (mô phỏng)\"}}
",
        num = 10 + n
    )
}

/// Days after a period's end by which the `n`-th demo province wants reports: 5 for the first
/// province when some of its communes are to be missing, else no line (the bytes of earlier
/// versions).
fn due_days(n: usize, missing_latest: usize) -> &'static str {
    if n == 0 && missing_latest > 0 {
        "report_due_days: 5\n"
    } else {
        ""
    }
}

/// Commune `c` of the first province (of `communes`), when `missing` of them have not reported
/// the latest month: the last `missing` lose that month's file; the others date it, 3 days after
/// the month's end, except the first commune, 9 days after (late: the province gives 5).
fn latest_month_reporting(
    files: &mut Vec<(PathBuf, String)>,
    c: usize,
    communes: usize,
    missing: usize,
    months: &[NaiveDate],
) {
    let Some(&last) = months.last() else {
        return;
    };
    let name = format!("{}.yaml", last.format("%Y-%m"));
    let is_latest = |path: &Path| path.ends_with(Path::new("data").join(&name));
    if c + missing >= communes {
        files.retain(|(path, _)| !is_latest(path));
        return;
    }
    let days = if c == 0 { 9 } else { 3 };
    let Some(date) = month_end(last).checked_add_days(chrono::Days::new(days)) else {
        return;
    };
    for (_, text) in files.iter_mut().filter(|(path, _)| is_latest(path)) {
        *text = text.replacen("\n  report: ", &format!("\n  date: {date}\n  report: "), 1);
    }
}

fn write_all(files: &[(PathBuf, String)]) -> io::Result<Written> {
    let mut w = Written::default();
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
        w.files += 1;
        w.bytes += text.len() as u64;
    }
    Ok(w)
}

/// `n` communes spread over `provinces` unevenly but deterministically (some provinces larger).
fn communes_per_province(provinces: usize, n: usize) -> Vec<usize> {
    let weights: Vec<usize> = (0..provinces).map(|p| 2 + (p * 7) % 5).collect();
    let total: usize = weights.iter().sum();
    let mut plan: Vec<usize> = weights.iter().map(|w| (n * w / total).max(1)).collect();
    let mut assigned: usize = plan.iter().sum();
    let mut i = 0;
    while assigned < n {
        plan[i % provinces] += 1;
        assigned += 1;
        i += 1;
    }
    while assigned > n {
        let j = i % provinces;
        if plan[j] > 1 {
            plan[j] -= 1;
            assigned -= 1;
        }
        i += 1;
    }
    plan
}

/// Names and ids of a province's `n` communes; names repeat across provinces, ids are unique
/// within one.
fn commune_names(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|c| {
            let base = COMMUNE_NAMES[c % COMMUNE_NAMES.len()];
            let round = c / COMMUNE_NAMES.len();
            let (prefix, idp) = match c % 9 {
                0 => ("Phường", "phuong-"),
                _ => ("Xã", ""),
            };
            let name = if round == 0 {
                format!("{prefix} {base}")
            } else {
                format!("{prefix} {base} {}", round + 1)
            };
            let id = format!("{idp}{}", suggest_id(&name[prefix.len() + 1..]));
            (name, id)
        })
        .collect()
}

/// The first day of each of the `n` months ending with October 2026.
fn months_ending_october_2026(n: usize) -> Vec<NaiveDate> {
    let last = 2026 * 12 + 9; // October 2026, months counted from year 0
    (0..n)
        .rev()
        .filter_map(|back| {
            let m = last - back as i32;
            NaiveDate::from_ymd_opt(m / 12, (m % 12) as u32 + 1, 1)
        })
        .collect()
}

fn month_end(start: NaiveDate) -> NaiveDate {
    let next = if start.month() == 12 {
        NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).unwrap_or(start)
}

fn site_yaml() -> String {
    "title:\n  vi: \"Bảng theo dõi Nghị quyết 57 (dữ liệu mô phỏng)\"\n  en: \"Resolution 57 dashboard (synthetic data)\"\n\
     description:\n  vi: \"Trang mẫu với số liệu mô phỏng cho toàn quốc, dùng để thử và đo tốc độ minhbach.\"\n  en: \"A sample site with synthetic national figures, for trying and benchmarking minhbach.\"\n\
     notice:\n  vi: \"Số liệu trên trang này là số liệu mô phỏng do minhbach demo tạo ra, không phải số liệu thật của xã nào.\"\n  en: \"The figures on this site are synthetic, generated by minhbach demo; they are not any commune's real figures.\"\n\
     base_url: \"https://example.org/nq57-demo/\"\nlanguages: [vi, en]\npublisher: \"minhbach demo\"\ndata_license: \"CC0-1.0\"\n"
        .to_string()
}

fn about(vi: bool) -> String {
    if vi {
        "---\ntitle: \"Về trang mẫu\"\n---\nTrang này được tạo bởi lệnh `minhbach demo`. Mọi con số đều là mô phỏng.\n".into()
    } else {
        "---\ntitle: \"About this sample\"\n---\nThis site was made by `minhbach demo`. Every figure is synthetic.\n".into()
    }
}

/// Traits of one commune that shape its figures over time.
struct Profile {
    size: f64,
    maturity: f64,
    procedures: u64,
    villages: u64,
    tasks: u64,
    staff: u64,
    budget_millions: u64,
}

fn commune_files(
    dir: &Path,
    name: &str,
    months: &[NaiveDate],
    seed: u64,
) -> Vec<(PathBuf, String)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let profile = Profile {
        size: rng.random_range(0.3..3.0),
        maturity: rng.random_range(0.55..0.95),
        procedures: rng.random_range(280..420),
        villages: rng.random_range(6..40),
        tasks: rng.random_range(15..90),
        staff: rng.random_range(2..9),
        budget_millions: rng.random_range(50..1500),
    };
    let kind = if name.starts_with("Phường") {
        "phuong"
    } else {
        "xa"
    };
    // The file's `name` is the name alone: `kind` gives "Xã"/"Phường", and pages put it
    // before the name ("Xã An Bình"), so a name holding it read "Xã Xã An Bình". Texts say
    // it in lower case, as documents do ("UBND xã An Bình").
    let (kind_word, bare) = name.split_once(' ').unwrap_or(("Xã", name));
    let in_text = format!("{} {bare}", kind_word.to_lowercase());
    let name = in_text.as_str();
    // From the commune's size, not a new draw: the figures stay those of earlier versions.
    let population = (profile.size * 15_000.0).round() as u64;
    let mut files = vec![(
        dir.join("commune.yaml"),
        format!("name: {bare:?}\nkind: {kind}\npopulation: {population}\n"),
    )];
    let n = months.len();
    for (i, start) in months.iter().enumerate() {
        let progress = if n > 1 {
            i as f64 / (n - 1) as f64
        } else {
            1.0
        };
        let quarter = quarter_id(*start);
        let text = period_yaml(&mut rng, &profile, name, *start, progress, &quarter);
        files.push((
            dir.join("data")
                .join(format!("{}.yaml", start.format("%Y-%m"))),
            text,
        ));
        let last_of_quarter = start.month() % 3 == 0 || i + 1 == n;
        if last_of_quarter {
            files.push((
                dir.join("reports").join(format!("{quarter}.md")),
                report_md(name, *start, &quarter),
            ));
        }
    }
    files
}

fn quarter_id(d: NaiveDate) -> String {
    format!("{}-q{}", d.year(), (d.month() - 1) / 3 + 1)
}

fn quarter_start(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), (d.month() - 1) / 3 * 3 + 1, 1).unwrap_or(d)
}

fn report_md(name: &str, last_month: NaiveDate, quarter: &str) -> String {
    let start = quarter_start(last_month);
    let end = month_end(last_month);
    let issued = end.succ_opt().unwrap_or(end);
    let q = (start.month() - 1) / 3 + 1;
    let y = start.year();
    format!(
        "---\ntitle: \"Báo cáo quý {q}/{y} (mô phỏng)\"\nissued_by: {by:?}\ndate: {issued}\nperiod: {{start: {start}, end: {end}}}\nlanguage: vi\n---\n\
         # Kết quả quý {q}/{y}\n\nĐây là báo cáo **mô phỏng** của {name} do `minhbach demo` tạo ra ({quarter}).\n\n\
         ## Nhiệm vụ\n\n- Tiếp tục số hóa hồ sơ thủ tục hành chính.\n- Duy trì tổ công nghệ số cộng đồng.\n\n\
         ## Khó khăn\n\nSố liệu trong báo cáo này không phản ánh thực tế.\n",
        by = format!("UBND {name}"),
    )
}

/// A share in [0, 1] around `base`.
fn share(rng: &mut ChaCha8Rng, base: f64, spread: f64) -> f64 {
    (base + rng.random_range(-spread..spread)).clamp(0.0, 1.0)
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 10_000.0 / whole as f64).round() / 100.0
    }
}

/// A reported rate: usually what the counts give, sometimes (as in real reports) not.
fn reported_rate(rng: &mut ChaCha8Rng, part: u64, whole: u64) -> f64 {
    let exact = pct(part, whole);
    if rng.random_bool(0.04) {
        let off: f64 = rng.random_range(1.0..6.0);
        ((exact - off).clamp(0.0, 100.0) * 100.0).round() / 100.0
    } else {
        exact
    }
}

fn period_yaml(
    rng: &mut ChaCha8Rng,
    p: &Profile,
    name: &str,
    start: NaiveDate,
    progress: f64,
    quarter: &str,
) -> String {
    let end = month_end(start);
    let mut y = String::with_capacity(2048);
    let _ = write!(
        y,
        "period: {{start: {start}, end: {end}}}\nsource:\n  title: \"Báo cáo tháng {:02}/{} (mô phỏng)\"\n  issued_by: {:?}\n  report: {quarter}\nvalues:\n",
        start.month(),
        start.year(),
        format!("UBND {name}")
    );
    let mut put = |key: &str, value: String| {
        let _ = writeln!(y, "  {key}: {value}");
    };
    let m = (p.maturity + 0.25 * progress).min(0.995);
    // Dossiers of administrative procedures.
    let received = (400.0 * p.size * rng.random_range(0.8..1.2)).round() as u64;
    let online = (received as f64 * share(rng, m, 0.03)).round() as u64;
    let full_online = (online as f64 * share(rng, m - 0.2, 0.05)).round() as u64;
    let resolved = (received as f64 * share(rng, 0.95, 0.04)).round() as u64;
    let on_time = (resolved as f64 * share(rng, 0.97, 0.03)).round() as u64;
    put("dossiers_received", received.to_string());
    put("dossiers_online", online.to_string());
    put("dossiers_in_person", (received - online).to_string());
    put("dossiers_full_online", full_online.to_string());
    put(
        "dossiers_online_rate",
        reported_rate(rng, online, received).to_string(),
    );
    put(
        "dossiers_full_online_rate",
        reported_rate(rng, full_online, online).to_string(),
    );
    put("dossiers_resolved", resolved.to_string());
    put("dossiers_resolved_on_time", on_time.to_string());
    put("dossiers_resolved_late", (resolved - on_time).to_string());
    put(
        "dossiers_on_time_rate",
        reported_rate(rng, on_time, resolved).to_string(),
    );
    let pending = received - resolved.min(received);
    let overdue = if rng.random_bool(0.01) {
        pending + 2 // a contradiction the site must show
    } else {
        (pending as f64 * share(rng, 0.05, 0.05)).round() as u64
    };
    put("dossiers_pending", pending.to_string());
    put("dossiers_pending_overdue", overdue.to_string());
    let with_fees = (received as f64 * share(rng, 0.3, 0.1)).round() as u64;
    let paid_online = (with_fees as f64 * share(rng, m - 0.1, 0.1)).round() as u64;
    put("dossiers_with_fees", with_fees.to_string());
    put("dossiers_paid_online", paid_online.to_string());
    put(
        "online_payment_rate",
        reported_rate(rng, paid_online, with_fees).to_string(),
    );
    put(
        "fees_collected",
        (with_fees * rng.random_range(20..80) * 1000).to_string(),
    );
    // Procedures offered online.
    let full = (p.procedures as f64 * share(rng, m - 0.3, 0.02)).round() as u64;
    let partial = ((p.procedures - full) as f64 * 0.8).round() as u64;
    put("procedures_total", p.procedures.to_string());
    put("procedures_full_online", full.to_string());
    put("procedures_partial_online", partial.to_string());
    put(
        "procedures_info_only",
        (p.procedures - full - partial).to_string(),
    );
    put(
        "procedures_full_online_rate",
        reported_rate(rng, full, p.procedures).to_string(),
    );
    // Rates reported without counts.
    for (key, base) in [
        ("digitization_rate", m - 0.1),
        ("e_result_rate", m),
        ("data_reuse_rate", m - 0.25),
        ("portal_sync_rate", m + 0.02),
        ("satisfaction_rate", 0.9),
        ("e_signed_documents_rate", m + 0.03),
        ("staff_with_computer_rate", 0.92),
    ] {
        if rng.random_bool(0.03) {
            put(key, "{value: null, note: \"Không báo cáo\"}".into());
        } else {
            put(key, format!("{:.2}", share(rng, base, 0.03) * 100.0));
        }
    }
    // Tasks of the commune's plan for Resolution 57.
    let done = (p.tasks as f64 * share(rng, 0.3 + 0.65 * progress, 0.05)).round() as u64;
    put("tasks_assigned", p.tasks.to_string());
    put("tasks_completed", done.to_string());
    put("tasks_in_progress", (p.tasks - done).to_string());
    put(
        "tasks_completion_rate",
        reported_rate(rng, done, p.tasks).to_string(),
    );
    // People, budget, coverage, security.
    put("it_staff", p.staff.to_string());
    put("it_qualified_staff", (p.staff / 2).to_string());
    put("community_digital_teams", (p.villages).to_string());
    put(
        "community_digital_team_members",
        (p.villages * rng.random_range(4..7)).to_string(),
    );
    let allocated = p.budget_millions * 1_000_000;
    let disbursed = (allocated as f64 * share(rng, 0.2 + 0.6 * progress, 0.1)).round() as u64
        / 1_000_000
        * 1_000_000;
    put("budget_allocated", allocated.to_string());
    put("budget_disbursed", disbursed.to_string());
    put(
        "budget_disbursement_rate",
        reported_rate(rng, disbursed, allocated).to_string(),
    );
    let covered = (p.villages as f64 * share(rng, m + 0.05, 0.02)).round() as u64;
    put("villages_total", p.villages.to_string());
    put("villages_with_mobile_coverage", covered.to_string());
    put(
        "mobile_coverage_rate",
        reported_rate(rng, covered, p.villages).to_string(),
    );
    put("security_incidents", rng.random_range(0..3u32).to_string());
    put(
        "security_level_approved",
        (progress > 0.5 || rng.random_bool(0.3)).to_string(),
    );
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_get_every_commune() {
        let plan = communes_per_province(34, 3321);
        assert_eq!(plan.iter().sum::<usize>(), 3321);
        assert!(plan.iter().all(|&n| (40..=160).contains(&n)), "{plan:?}");
        assert_eq!(communes_per_province(1, 5), vec![5]);
    }

    #[test]
    fn commune_ids_are_valid_and_unique_within_a_province() {
        let names = commune_names(300);
        let mut ids: Vec<&String> = names.iter().map(|(_, id)| id).collect();
        assert!(
            ids.iter().all(|id| crate::base::ids::is_valid_id(id)),
            "{ids:?}"
        );
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 300);
    }

    #[test]
    fn sixty_months_end_in_october_2026() {
        let m = months_ending_october_2026(60);
        assert_eq!(m.len(), 60);
        assert_eq!(m[0], NaiveDate::from_ymd_opt(2021, 11, 1).unwrap());
        assert_eq!(m[59], NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
        assert_eq!(
            month_end(m[59]),
            NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
        );
    }
}
