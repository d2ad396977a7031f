//! Own data on the trainer: points that replace the generated data while training goes on move
//! the boundary to them; refusals change nothing; a CSV of `x,y,label` rows is read or refused
//! by line and column.

use gradscope::scene::trainer::{parse_points_csv, DecisionGrid, OwnPoint, Trainer, TrainerConfig};

fn trainer() -> Trainer {
    let cfg = TrainerConfig { epochs: 1000, ..TrainerConfig::default() };
    Trainer::new(cfg).unwrap()
}

/// The class the trainer's boundary gives at data point (x, y).
fn class_at(t: &mut Trainer, (x, y): (f64, f64)) -> u8 {
    let mut grid = DecisionGrid::default();
    t.decision_grid(64, &mut grid).unwrap();
    let cell = |v: f64, [lo, hi]: [f64; 2]| (((v - lo) / (hi - lo)) * 64.0).floor().clamp(0.0, 63.0) as usize;
    grid.best[cell(y, grid.y_range) * 64 + cell(x, grid.x_range)]
}

/// Two clusters of `n` points each: class `a` around (−0.5, −0.5), class `b` around (0.5, 0.5).
fn two_clusters(n: usize, a: usize, b: usize) -> Vec<OwnPoint> {
    (0..2 * n)
        .map(|i| {
            let (c, sign) = if i % 2 == 0 { (a, -1.0) } else { (b, 1.0) };
            let jitter = (i as f64 * 0.37).sin() * 0.1;
            OwnPoint { x: sign * 0.5 + jitter, y: sign * 0.5 - jitter, class: c, held_out: i % 5 == 4 }
        })
        .collect()
}

#[test]
fn own_points_move_the_boundary_while_training_goes_on() {
    let mut t = trainer();
    for _ in 0..5 {
        t.epoch();
    }
    let epochs_before = t.history().len();
    // The opposite of what the spiral taught at these two spots, whatever that was.
    let (a, b) = (usize::from(class_at(&mut t, (0.5, 0.5))), usize::from(class_at(&mut t, (-0.5, -0.5))));
    let (a, b) = if a == b { (a, (a + 1) % 3) } else { (a, b) };
    t.set_points(&two_clusters(20, a, b), false).unwrap();
    assert_eq!(t.splits().0.len(), 32, "four in five train");
    assert_eq!(t.splits().1.len(), 8, "every fifth held out");
    for _ in 0..60 {
        t.epoch();
    }
    assert_eq!(t.history().len(), epochs_before + 60, "the history goes on");
    assert_eq!(usize::from(class_at(&mut t, (-0.5, -0.5))), a, "the boundary follows the new points");
    assert_eq!(usize::from(class_at(&mut t, (0.5, 0.5))), b);
}

#[test]
fn refused_points_change_nothing() {
    let mut t = trainer();
    let before = t.splits().0.clone();
    let bad_class = [OwnPoint { x: 0.0, y: 0.0, class: 3, held_out: false }];
    assert_eq!(t.set_points(&bad_class, false).unwrap_err().field, "points");
    let only_held = [OwnPoint { x: 0.0, y: 0.0, class: 0, held_out: true }];
    assert!(t.set_points(&only_held, false).is_err(), "no training point");
    let nan = [OwnPoint { x: f64::NAN, y: 0.0, class: 0, held_out: false }];
    assert!(t.set_points(&nan, false).is_err());
    assert_eq!(t.splits().0, &before);
    // One training point alone: validation is the training points until one is held out.
    t.set_points(&[OwnPoint { x: 1.0, y: 2.0, class: 1, held_out: false }], true).unwrap();
    assert_eq!((t.splits().0.len(), t.splits().1.len()), (1, 1));
}

#[test]
fn a_csv_of_points_is_read_or_refused_by_line_and_column() {
    let points = parse_points_csv("x,y,label\n0.5,1.5,0\n\n-1,2,2\n3,4,1\n5,6,0\n7,8,1\n", 3).unwrap();
    assert_eq!(points.len(), 5);
    assert_eq!(points[1], OwnPoint { x: -1.0, y: 2.0, class: 2, held_out: false });
    assert!(points[4].held_out && !points[3].held_out, "every fifth held out");
    let refused = |text: &str| parse_points_csv(text, 3).unwrap_err().to_string();
    assert!(
        refused("x,y,label\n1,2,0\n1,abc,0\n").contains("line 3, column 2"),
        "{}",
        refused("x,y,label\n1,2,0\n1,abc,0\n")
    );
    assert!(refused("1,2,0\n1,2,3\n").contains("line 2, column 3"));
    assert!(refused("1,2,0\n1,2\n").contains("line 2: 2 columns"));
    assert!(refused("x,y,label\n").contains("0 points"));
    assert!(refused("1,inf,0\n").contains("line 1, column 2"));
}
