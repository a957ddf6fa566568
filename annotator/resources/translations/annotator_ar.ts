<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>AddMemberDialog</name>
    <message>
        <location filename="../../gui/team_server_dialogs.py" line="+230"/>
        <source>annotator</source>
        <translation>معلّق</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lead</source>
        <translation>مشرف</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>required when the name is not a plain ASCII name, e.g. mona_h</source>
        <translation>مطلوب إن لم يكن الاسم بحروف لاتينية بسيطة، مثل mona_h</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>الدور</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Login</source>
        <translation>اسم الدخول</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Their password</source>
        <translation>كلمة مروره</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Their password again</source>
        <translation>كلمة مروره مرة أخرى</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your password</source>
        <translation>كلمة مرورك</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add</source>
        <translation>إضافة</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>type the member&apos;s name</source>
        <translation>اكتب اسم العضو</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>type a password for the member (give it to them)</source>
        <translation>اكتب كلمة مرور للعضو (وأعطه إياها)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the two passwords differ</source>
        <translation>كلمتا المرور مختلفتان</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{0} is a member. Give them the server&apos;s URL and their password: they join with File &gt; Join a team project…</source>
        <translation>صار {0} عضوًا. أعطه عنوان الخادم وكلمة مروره: ينضمّ بـ ملف &gt; الانضمام إلى مشروع فريق…</translation>
    </message>
</context>
<context>
    <name>AgreementDashboard</name>
    <message>
        <location filename="../../gui/dashboard.py" line="+312"/>
        <source>Agreement — {name}</source>
        <translation>الاتفاق بين المعلّقين — {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Include unfinished documents</source>
        <translation>تضمين المستندات غير المنجزة</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Off: only documents every annotator marked done. On: every document an annotator worked on (an annotator with nothing there marked nothing).</source>
        <translation>معطّل: المستندات التي علّمها كل المعلّقين منجزةً فقط. مفعّل: كل مستند عمل عليه معلّق (ومن لم يعمل عليه لم يعلّم شيئًا).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Recompute</source>
        <translation>إعادة الحساب</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Annotators:</source>
        <translation>المعلّقون:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>all of them</source>
        <translation>كلهم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done by at least </source>
        <translation>أنجزه على الأقل </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Which documents to compare: those every chosen annotator marked done, or those at least this many of them did (e.g. 2).</source>
        <translation>أي المستندات تُقارَن: التي علّمها كل المعلّقين المختارين منجزةً، أو التي أنجزها هذا العدد منهم على الأقل (مثلًا 2).</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&lt;b&gt;Pairwise&lt;/b&gt;</source>
        <translation>&lt;b&gt;حسب الأزواج&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;b&gt;Per label&lt;/b&gt; (mean over pairs ± population SD; Fleiss, α: all)</source>
        <translation>&lt;b&gt;حسب الوسم&lt;/b&gt; (المتوسط على الأزواج ± الانحراف المعياري للمجتمع؛ فلايس و α: للجميع)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;b&gt;Worst documents&lt;/b&gt; (click one to review it)</source>
        <translation>&lt;b&gt;أسوأ المستندات&lt;/b&gt; (انقر أحدها لمراجعته)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;b&gt;Time spent&lt;/b&gt; (active editing, idle excluded; click one to review it)</source>
        <translation>&lt;b&gt;الوقت المستغرق&lt;/b&gt; (التحرير الفعلي دون أوقات الخمول؛ انقر أحدها لمراجعته)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Why</source>
        <translation>السبب</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&lt;b&gt;Left out&lt;/b&gt; (documents not compared, and why)</source>
        <translation>&lt;b&gt;ما أُهمل&lt;/b&gt; (مستندات لم تُقارَن، ولماذا)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>&lt;i&gt;Computing the agreement report…&lt;/i&gt;</source>
        <translation>&lt;i&gt;جارٍ حساب تقرير الاتفاق…&lt;/i&gt;</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>&lt;span style=&apos;color:#b91c1c&apos;&gt;{value0}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b91c1c&apos;&gt;{value0}&lt;/span&gt;</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{value0} documents, annotators {value1} &amp;nbsp;·&amp;nbsp; overlap F1 &lt;b&gt;{value2}&lt;/b&gt;, exact F1 &lt;b&gt;{value3}&lt;/b&gt;, Fleiss κ {value4}, α_U {value5}</source>
        <translation>{value0} مستند، المعلّقون {value1} &amp;nbsp;·&amp;nbsp; F1 بالتداخل &lt;b&gt;{value2}&lt;/b&gt;، F1 بالتطابق التام &lt;b&gt;{value3}&lt;/b&gt;، كابا فلايس {value4}، α_U {value5}</translation>
    </message>
    <message>
        <location line="-118"/>
        <location line="+144"/>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overlap F1</source>
        <translation>F1 بالتداخل</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exact F1</source>
        <translation>F1 بالتطابق</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unmatched</source>
        <translation>غير المتطابقة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
</context>
<context>
    <name>AnnotationPanel</name>
    <message>
        <location filename="../../gui/annotation_panel.py" line="+251"/>
        <source>Annotations</source>
        <translation>التعليقات التوضيحية</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The spans of this document in text order; Enter selects one in the article</source>
        <translation>مقاطع هذا المستند بترتيب النص؛ Enter يحدّد أحدها في المقال</translation>
    </message>
</context>
<context>
    <name>ArabicToolsDialog</name>
    <message>
        <location filename="../../gui/arabic_tools_dialog.py" line="+57"/>
        <location line="+273"/>
        <source>Arabic tools</source>
        <translation>أدوات العربية</translation>
    </message>
    <message>
        <location line="-251"/>
        <source>The saved choices could not be read ({problem}); defaults are shown.</source>
        <translation>تعذّرت قراءة الخيارات المحفوظة ({problem})؛ تُعرض القيم الافتراضية.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Works out of the box</source>
        <translation>يعمل دون تثبيت إضافي</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Transliteration (Buckwalter, Safe Buckwalter, HSB) of the selection, on hover and in exports</source>
        <translation>النقل الحرفي إلى حروف لاتينية (Buckwalter، وBuckwalter الآمن، وHSB) للنص المحدّد، وعند مرور المؤشر، وفي التصدير</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Arabic normalization and dediacritization</source>
        <translation>تسوية النص العربي وإزالة التشكيل</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import cleaning with camel-tools&apos; arclean character map</source>
        <translation>تنظيف النصوص عند الاستيراد بخريطة أحرف arclean من camel-tools</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Data packages</source>
        <translation>حزم البيانات</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Adds: {what}</source>
        <translation>يضيف: {what}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Database file:</source>
        <translation>ملف قاعدة البيانات:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model folder:</source>
        <translation>مجلد النموذج:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Python packages for CAMeL NER</source>
        <translation>حزم Python اللازمة لـ CAMeL NER</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>CAMeL NER&apos;s labels in this project</source>
        <translation>وسوم CAMeL NER في هذا المشروع</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(none)</source>
        <translation>(لا شيء)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>To install what is missing</source>
        <translation>لتثبيت ما ينقص</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Copy commands</source>
        <translation>&amp;نسخ الأوامر</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Morphology database</source>
        <translation>قاعدة البيانات الصرفية</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>hover shows a word&apos;s analyses (lemma, part of speech, gloss, clitics); morpheme snapping; CoNLL and HF exports split at clitics (--segment)</source>
        <translation>مرور المؤشر على كلمة يُظهر تحليلاتها (المدخل المعجمي، وقسم الكلام، والمعنى، والزوائد المتصلة)؛ ومحاذاة التحديد مع الوحدات الصرفية؛ وتقطيع الكلمات عند الزوائد المتصلة في التصدير بصيغتي CoNLL وHF، بالأمر ‎annotator export --segment‎</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Disambiguation model</source>
        <translation>نموذج إزالة اللبس</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the likeliest analysis of a word in its sentence comes first (installs the morphology database too)</source>
        <translation>يأتي أرجح تحليلات الكلمة في جملتها أولًا (ويثبّت قاعدة البيانات الصرفية أيضًا)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>CAMeL NER model</source>
        <translation>نموذج CAMeL NER‏</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the CAMeL NER recommender: person, organization and place suggestions (needs torch and transformers)</source>
        <translation>نموذج الاقتراح CAMeL NER: اقتراحات الأشخاص والمنظمات والأماكن (يحتاج إلى torch وtransformers)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>camel_data&apos;s, when installed</source>
        <translation>ما ثبّته camel_data، إن وُجد</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose…</source>
        <translation>اختيار…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use camel_data&apos;s</source>
        <translation>استعمال ما ثبّته camel_data</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>camel-tools {version}</source>
        <translation>الإصدار {version} من camel-tools</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>camel-tools is not installed.</source>
        <translation>camel-tools غير مثبّت.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{name} {version}: installed</source>
        <translation>مثبّت: {name} {version}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name}: not installed</source>
        <translation>غير مثبّت: {name}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This desktop bundle does not include them, so CAMeL NER does not run here: run annotator from a pip installation (README, Quick start) to use it.</source>
        <translation>لا تتضمّنها هذه الحزمة المكتبية، فلا يعمل CAMeL NER هنا: شغّل annotator من تثبيت عبر pip (README، البدء السريع) لاستعماله.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Everything is installed.</source>
        <translation>كل شيء مثبّت.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>camel_data installs into {folder} (set CAMELTOOLS_DATA, for camel_data and the app alike, to install elsewhere). Restart the app after installing.</source>
        <translation>يثبّت camel_data في ‎{folder}‎ (عيّن CAMELTOOLS_DATA، لـ camel_data وللتطبيق معًا، للتثبيت في مكان آخر). أعد تشغيل التطبيق بعد التثبيت.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>chosen here</source>
        <translation>اختير هنا</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✔ Installed: {path} ({where})</source>
        <translation>✔ مثبّت: {path} ({where})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>✘ No CAMeL NER model at {path} (a folder holding config.json)</source>
        <translation>✘ لا نموذج CAMeL NER في {path} (مجلد فيه config.json)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>✘ No database at {path}</source>
        <translation>✘ لا قاعدة بيانات في {path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>✘ Not installed ({size})</source>
        <translation>✘ غير مثبّت (‎{size}‎)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose a morphology database</source>
        <translation>اختر قاعدة بيانات صرفية</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Morphology databases (*.db);;All files (*)</source>
        <translation>قواعد البيانات الصرفية (*.db);;كل الملفات (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose a CAMeL NER model folder</source>
        <translation>اختر مجلد نموذج CAMeL NER</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The choices could not be saved: {error}</source>
        <translation>تعذّر حفظ الخيارات: {error}</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <location filename="../../gui/article_view.py" line="+130"/>
        <source>Article text</source>
        <translation>نص المقال</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The article, right to left: arrows move by token, Shift+arrows select, label keys annotate, Tab goes from span to span</source>
        <translation>المقال، من اليمين إلى اليسار: الأسهم تتحرك كلمةً كلمة، وShift مع الأسهم يحدّد، ومفاتيح الوسوم تَسِم، وTab ينتقل من مقطع إلى مقطع</translation>
    </message>
    <message>
        <location line="+567"/>
        <location line="+10"/>
        <location line="+12"/>
        <source>No suggestion here (Alt+Down goes to the next one)</source>
        <translation>لا اقتراح هنا (Alt+Down ينتقل إلى التالي)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Accepted {count} {label} suggestions</source>
        <translation>قُبلت {count} من اقتراحات {label}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>No suggestions in this document</source>
        <translation>لا اقتراحات في هذا المستند</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No more suggestions in this direction</source>
        <translation>لا مزيد من الاقتراحات في هذا الاتجاه</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Accept {label} ({recommender}, {score})</source>
        <translation>قبول {label} ({recommender}، {score})</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reject</source>
        <translation>رفض</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accept all {count} {label} suggestions</source>
        <translation>قبول كل اقتراحات {label} وعددها {count}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>suggested by {recommender}, score {score}</source>
        <translation>اقترحه {recommender}، الدرجة {score}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>source:</source>
        <translation>المصدر:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter accepts, Backspace rejects, click: menu</source>
        <translation>Enter يقبل، وBackspace يرفض، والنقر: قائمة</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>The morphology database is still opening: this span takes whole words; snapping to morphemes starts once the database is loaded</source>
        <translation>ما زالت قاعدة البيانات الصرفية قيد الفتح: يأخذ هذا المقطع كلمات كاملة؛ وتبدأ محاذاة التحديد مع الوحدات الصرفية حين يكتمل تحميل القاعدة</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Choose the source of this claim: ↑ ↓ and Enter, or click an ACTOR (Esc cancels)</source>
        <translation>اختر مصدر هذا الادعاء: ↑ ↓ ثم Enter، أو انقر مقطع ACTOR (Esc للإلغاء)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No ACTOR span in this document yet: click one, or Esc to cancel</source>
        <translation>لا مقطع ACTOR في هذا المستند بعد: انقر واحدًا، أو Esc للإلغاء</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Source set: {text}</source>
        <translation>عُيّن المصدر: {text}</translation>
    </message>
    <message>
        <location line="+148"/>
        <source>Source set: {value0}</source>
        <translation>عُيّن المصدر: {value0}</translation>
    </message>
    <message>
        <location line="+147"/>
        <source>source: &lt;span dir=&apos;rtl&apos;&gt;{value0}&lt;/span&gt;</source>
        <translation>المصدر: &lt;span dir=&apos;rtl&apos;&gt;{value0}&lt;/span&gt;</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Annotate as</source>
        <translation>وسم بـ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Relabel as</source>
        <translation>إعادة الوسم بـ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete span	Del</source>
        <translation>حذف المقطع	Del</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set source…	R</source>
        <translation>تعيين المصدر…	R</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Note on {on}…</source>
        <translation>ملاحظة على {on}…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Needs review ({on})</source>
        <translation>يحتاج إلى مراجعة ({on})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Copy	Ctrl+C</source>
        <translation>نسخ	Ctrl+C</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../gui/team_dialogs.py" line="+399"/>
        <source>Assign to annotators</source>
        <translation>توزيع على المعلّقين</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>a name, or several separated by commas</source>
        <translation>اسم، أو عدة أسماء تفصل بينها فواصل</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add</source>
        <translation>إضافة</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>random (recorded in assignment.json)</source>
        <translation>عشوائي (يُسجَّل في assignment.json)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose…</source>
        <translation>اختيار…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Replace copies already in the folder</source>
        <translation>استبدال النسخ الموجودة في المجلد</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annotators</source>
        <translation>المعلّقون</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add annotators</source>
        <translation>إضافة معلّقين</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shared by all</source>
        <translation>مشتركة بين الجميع</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>البذرة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output folder</source>
        <translation>مجلد الإخراج</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>{0:,} of the {1:,} documents go to every annotator</source>
        <translation>{0:,} من أصل {1:,} مستند تذهب إلى كل معلّق</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Folder for the copies</source>
        <translation>مجلد النسخ</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>choose the folder for the copies</source>
        <translation>اختر مجلد النسخ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the seed is a whole number, not {0}</source>
        <translation>البذرة عدد صحيح، وليست {0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Assigned: give each annotator their file from {0}.</source>
        <translation>تمّ التوزيع: أعطِ كل معلّق ملفه من {0}.</translation>
    </message>
</context>
<context>
    <name>AttributeEditor</name>
    <message>
        <location filename="../../gui/attribute_editor.py" line="+30"/>
        <source>A number, or a low–high range; empty when unknown</source>
        <translation>عدد، أو مدى من–إلى؛ فارغ إن كان مجهولًا</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type digits (12 or ١٢), a range (10–15) or number words (خمسة وعشرون); leave it empty when unknown.</source>
        <translation>اكتب أرقامًا (12 أو ١٢)، أو مدى (10–15)، أو أعدادًا بالكلمات (خمسة وعشرون)؛ واتركه فارغًا إن كان مجهولًا.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Attributes of the selected span</source>
        <translation>سمات المقطع المحدّد</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+86"/>
        <source>No span selected</source>
        <translation>لا مقطع محدّد</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Selected text (not labelled)</source>
        <translation>النص المحدّد (غير موسوم)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Click a span in the article or in the list of annotations.</source>
        <translation>انقر مقطعًا في المقال أو في قائمة التعليقات التوضيحية.</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+19"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+5"/>
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Enter stores the value, Tab goes to the next field, Esc returns to the article</source>
        <translation>Enter يحفظ القيمة، وTab ينتقل إلى الحقل التالي، وEsc يعود إلى المقال</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>— (press R, then click an ACTOR)</source>
        <translation>— (اضغط R ثم انقر مقطع ACTOR)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{scheme} transliteration (View &gt; Transliteration)</source>
        <translation>النقل الحرفي بنظام {scheme} (عرض &gt; النقل الحرفي)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>e.g. 12 or 10–15</source>
        <translation>مثلًا 12 أو 10–15</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Clear</source>
        <translation>مسح</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove this claim&apos;s source</source>
        <translation>إزالة مصدر هذا الادعاء</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Not saved: {err}. {hint}</source>
        <translation>لم يُحفظ: {err}. {hint}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{value0} not saved: {err}. {hint}</source>
        <translation>{value0} لم يُحفظ: {err}. {hint}</translation>
    </message>
</context>
<context>
    <name>BackupTimer</name>
    <message>
        <location filename="../../gui/backup_timer.py" line="+93"/>
        <source>Backup not taken: {error}</source>
        <translation>لم تُؤخذ النسخة الاحتياطية: {error}</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <location filename="../../gui/backups_dialog.py" line="+49"/>
        <source>Backups — {name}</source>
        <translation>النسخ الاحتياطية — {name}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The app takes a snapshot of the project when it opens it and every 30 minutes while you edit; the newest {MAX_SNAPSHOTS} are kept. Restoring one first saves the present state as a “before restore” snapshot, so it can be undone.&lt;br&gt;&lt;small&gt;Folder: {value1}&lt;/small&gt;</source>
        <translation>يأخذ التطبيق لقطة من المشروع عند فتحه وكل 30 دقيقة أثناء التحرير؛ ويُحتفظ بأحدث {MAX_SNAPSHOTS}. واستعادة إحداها تحفظ الحالة الراهنة أولًا لقطةً باسم «قبل الاستعادة»، فيمكن التراجع عنها.&lt;br&gt;&lt;small&gt;المجلد: {value1}&lt;/small&gt;</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>&amp;Take a snapshot now</source>
        <translation>&amp;أخذ لقطة الآن</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Restore…</source>
        <translation>ا&amp;ستعادة…</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>No snapshots yet.</source>
        <translation>لا لقطات بعد.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Snapshot not taken</source>
        <translation>لم تُؤخذ اللقطة</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Snapshot taken: {name}</source>
        <translation>أُخذت اللقطة: {name}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Restore a snapshot</source>
        <translation>استعادة لقطة</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bring the project back to snapshot {number} ({when}, {reason})?

Everything written since then is replaced by the snapshot&apos;s content, and the undo history is cleared. The present state is saved first as a “before restore” snapshot: restore that one to undo this.</source>
        <translation>إعادة المشروع إلى اللقطة {number} ({when}، {reason})؟

كل ما كُتب منذ ذلك الحين يُستبدل بمحتوى اللقطة، ويُمسح سجل التراجع. وتُحفظ الحالة الراهنة أولًا لقطةً باسم «قبل الاستعادة»: استعدها للتراجع عن هذا.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Not restored</source>
        <translation>لم تتم الاستعادة</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> The state before it is snapshot {name}.</source>
        <translation> والحالة التي سبقتها هي اللقطة {name}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Restored snapshot of {when}: {documents:,} document(s), {annotations:,} annotation(s).{safety}</source>
        <translation>استُعيدت لقطة {when}: {documents:,} مستند(ات)، {annotations:,} تعليق(ات) توضيحية.{safety}</translation>
    </message>
</context>
<context>
    <name>BlindDialog</name>
    <message>
        <location filename="../../gui/team_server_dialogs.py" line="+100"/>
        <source>On: annotators see only their own work on the server</source>
        <translation>مفعّل: لا يرى المعلّقون على الخادم إلا عملهم</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Off: annotators also see the others&apos; work on the documents they share</source>
        <translation>معطّل: يرى المعلّقون أيضًا عمل الآخرين في الوثائق المشتركة بينهم</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A change reaches each annotator at their next sync. You, the lead, see everyone&apos;s work either way.</source>
        <translation>يصل التغيير إلى كل معلّق عند مزامنته التالية. أما أنت، المسؤول، فترى عمل الجميع في الحالتين.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Blind annotation</source>
        <translation>التعليق الأعمى</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Apply</source>
        <translation>تطبيق</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Nothing to change: the server was set so already.</source>
        <translation>لا شيء يتغيّر: الخادم مضبوط على ذلك من قبل.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Blind annotation is on.</source>
        <translation>التعليق الأعمى مفعّل.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Blind annotation is off: annotators get the others&apos; work at their next sync.</source>
        <translation>التعليق الأعمى معطّل: يتلقّى المعلّقون عمل الآخرين عند مزامنتهم التالية.</translation>
    </message>
</context>
<context>
    <name>ConsistencyPanel</name>
    <message>
        <location filename="../../gui/consistency_panel.py" line="+78"/>
        <source>Check</source>
        <translation>فحص</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Strings labelled differently, or labelled in one place and not in another (normalized, whole tokens, also after و ف ب ل ك), over the documents worked on</source>
        <translation>نصوص وُسمت بوسوم مختلفة، أو وُسمت في موضع دون آخر (بعد التسوية، كلمات كاملة، وكذلك بعد و ف ب ل ك)، في المستندات التي عُمل عليها</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Finding</source>
        <translation>الملاحظة</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where</source>
        <translation>الموضع</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Whose work:</source>
        <translation>عمل مَن:</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Everyone</source>
        <translation>الجميع</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Checking…</source>
        <translation>جارٍ الفحص…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Press Check to check your own work.</source>
        <translation>اضغط «فحص» لفحص عملك أنت.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The check failed: {message}</source>
        <translation>فشل الفحص: {message}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>… and {more:,} more</source>
        <translation>… و{more:,} أخرى</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{found:,} inconsistency in {spans:,} annotations over {documents:,} document(s)</source>
        <translation>{found:,} حالة عدم اتساق في {spans:,} تعليق(ات) توضيحية في {documents:,} مستند(ات)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{found:,} inconsistencies in {spans:,} annotations over {documents:,} document(s)</source>
        <translation>{found:,} حالة عدم اتساق في {spans:,} تعليق(ات) توضيحية في {documents:,} مستند(ات)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>not labelled</source>
        <translation>غير موسوم</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../gui/dashboard.py" line="-481"/>
        <source>Exact span F1 (micro)</source>
        <translation>F1 للمقاطع بالتطابق التام (متوسط جزئي)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Overlap span F1 (micro)</source>
        <translation>F1 للمقاطع بالتداخل (متوسط جزئي)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cohen&apos;s kappa (tokens, all labels)</source>
        <translation>كابا كوهين (الكلمات، كل الوسوم)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Krippendorff&apos;s alpha (tokens, all labels)</source>
        <translation>ألفا كريبندورف (الكلمات، كل الوسوم)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>alpha_U (unitizing, all labels)</source>
        <translation>alpha_U (التقطيع، كل الوسوم)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Token F1 (bratiaa, all labels)</source>
        <translation>F1 للكلمات (bratiaa، كل الوسوم)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exact F1</source>
        <translation>F1 بالتطابق</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Overlap F1</source>
        <translation>F1 بالتداخل</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Token α</source>
        <translation>α للكلمات</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Token F1</source>
        <translation>F1 للكلمات</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>All documents</source>
        <translation>كل المستندات</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Total</source>
        <translation>المجموع</translation>
    </message>
</context>
<context>
    <name>DocAttributeDialog</name>
    <message>
        <location filename="../../gui/schema_editor.py" line="+150"/>
        <source>Document attribute</source>
        <translation>سمة المستند</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>comma-separated, for a choice</source>
        <translation>مفصولة بفواصل، لقائمة اختيار</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>النوع</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Values</source>
        <translation>القيم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default</source>
        <translation>الافتراضي</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>الوصف</translation>
    </message>
</context>
<context>
    <name>DocLabelsPanel</name>
    <message>
        <location filename="../../gui/doc_labels_panel.py" line="+106"/>
        <source>a number or a low–high range</source>
        <translation>عدد أو مدى من–إلى</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The project defines no document attributes (annotator labels --add-doc-attribute, or the schema editor).</source>
        <translation>لا يعرّف المشروع سمات للمستندات (annotator labels --add-doc-attribute، أو محرّر المخطط).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No document open.</source>
        <translation>لا مستند مفتوح.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Labels of this document by {annotator}.</source>
        <translation>وسوم هذا المستند للمعلّق {annotator}.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Others: </source>
        <translation>الآخرون: </translation>
    </message>
</context>
<context>
    <name>DocLabelsSection</name>
    <message>
        <location filename="../../gui/review/doc_labels.py" line="+71"/>
        <source>document label</source>
        <translation>وسم المستند</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>left to decide: pick gold&apos;s value</source>
        <translation>لم يُحسم بعد: اختر قيمة المعيار الذهبي</translation>
    </message>
</context>
<context>
    <name>DocumentHeader</name>
    <message>
        <location filename="../../gui/document_header.py" line="+40"/>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No document</source>
        <translation>لا مستند</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No document is open</source>
        <translation>لا مستند مفتوح</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Status: {status}</source>
        <translation>الحالة: {status}</translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message>
        <location filename="../../gui/document_list.py" line="+231"/>
        <source>
Your time on it: {time}</source>
        <translation>
وقتك عليه: {time}</translation>
    </message>
</context>
<context>
    <name>DocumentListPanel</name>
    <message>
        <location line="+21"/>
        <source>Search the corpus…</source>
        <translation>ابحث في المدوّنة…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search the corpus</source>
        <translation>البحث في المدوّنة</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Only documents with notes flagged &apos;needs review&apos; (on them or their spans, anyone&apos;s)</source>
        <translation>المستندات ذات الملاحظات الموسومة «تحتاج إلى مراجعة» فقط (عليها أو على مقاطعها، من أيٍّ كان)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The project&apos;s documents with your status of each; Enter opens one</source>
        <translation>مستندات المشروع مع حالة كلٍّ منها عندك؛ Enter يفتح أحدها</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>  ·  {count} listed</source>
        <translation>  ·  {count} معروضة</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{done} of {total} done{shown}</source>
        <translation>{done} من أصل {total} منجزة{shown}</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <location filename="../../gui/commands.py" line="+433"/>
        <location line="+24"/>
        <source>Cannot annotate: no document or unknown label {label!r}</source>
        <translation>تعذّر الوسم: لا مستند أو وسم غير معروف {label!r}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Already annotated as {label}</source>
        <translation>موسوم من قبل بـ {label}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Annotate all: {value0} × {label}{where}</source>
        <translation>وسم الكل: {value0} × {label}{where}</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Delete all: {value0} spans</source>
        <translation>حذف الكل: {value0} مقطع</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Relabel all as {label}: {value1} spans</source>
        <translation>إعادة وسم الكل بـ {label}: {value1} مقطع</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>As {label} some spans no longer fit their {kinds}: links removed</source>
        <translation>بالوسم {label} لم تعد بعض المقاطع تلائم {kinds}: أُزيلت الروابط</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Relabel as {label}</source>
        <translation>إعادة الوسم بـ {label}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>As {label} the span no longer fits its {kinds}: link removed</source>
        <translation>بالوسم {label} لم يعد المقطع يلائم {kinds}: أُزيل الرابط</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Resize span</source>
        <translation>تغيير حدود المقطع</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Edit attributes</source>
        <translation>تحرير السمات</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Remove source</source>
        <translation>إزالة المصدر</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Add note on {where}</source>
        <translation>إضافة ملاحظة على {where}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Edit note on {where}</source>
        <translation>تحرير الملاحظة على {where}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Only your own notes can be deleted</source>
        <translation>لا يُحذف إلا ملاحظاتك أنت</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete note</source>
        <translation>حذف الملاحظة</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Accept {label} suggestion</source>
        <translation>قبول اقتراح {label}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accept {count} {label} suggestions</source>
        <translation>قبول {count} من اقتراحات {label}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accept {count} suggestions</source>
        <translation>قبول {count} اقتراح(ات)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reject {label} suggestion</source>
        <translation>رفض اقتراح {label}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject {count} suggestions</source>
        <translation>رفض {count} اقتراح(ات)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../gui/export_dialog.py" line="+116"/>
        <source>Export annotations</source>
        <translation>تصدير التعليقات التوضيحية</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Which annotations</source>
        <translation>أي تعليقات توضيحية</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One annotator</source>
        <translation>معلّق واحد</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Each annotator (one output each)</source>
        <translation>كل معلّق (ملف إخراج لكلٍّ منهم)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Majority vote: at least</source>
        <translation>تصويت الأغلبية: على الأقل</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Gold standard (adjudicated)</source>
        <translation>المعيار الذهبي (بعد التحكيم)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>of {value0}</source>
        <translation>من {value0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Each document&apos;s own (else IOB2)</source>
        <translation>نظام كل مستند (وإلا IOB2)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Documents imported from a tagged corpus (CoNLL, Hugging Face) keep the scheme their corpus used; the others are written in IOB2.</source>
        <translation>المستندات المستوردة من مدوّنة موسومة (CoNLL، Hugging Face) تحتفظ بنظام الوسم الذي استعملته مدوّنتها؛ وتُكتب البقية بنظام IOB2.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>None</source>
        <translation>بلا</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Each token also in Latin letters: a CoNLL column, JSONL fields (the text and each span), a Hugging Face field (tokens_translit)</source>
        <translation>كل كلمة بالحروف اللاتينية أيضًا: عمود في CoNLL، وحقول في JSONL (للنص ولكل مقطع)، وحقل في Hugging Face (tokens_translit)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No (whole words)</source>
        <translation>لا (كلمات كاملة)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every clitic apart (D3: و · ب · ال · مدنيين)</source>
        <translation>كل زائدة متصلة على حدة (D3: و · ب · ال · مدنيين)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Article kept on its word (ATB: و · ب · المدنيين)</source>
        <translation>أداة التعريف تبقى مع كلمتها (ATB: و · ب · المدنيين)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each word cut into its clitic pieces by the morphology database; spans stay exact and each piece&apos;s word is kept (a CoNLL column, a Hugging Face field)</source>
        <translation>تُقطَّع كل كلمة إلى أجزائها من الزوائد المتصلة بحسب قاعدة البيانات الصرفية؛ وتبقى المقاطع دقيقة، وتُحفظ كلمة كل جزء (عمود في CoNLL، وحقل في Hugging Face)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Needs a morphology database: install one with &apos;camel_data -i morphology-db-msa-r13&apos;, or choose a file in Settings &gt; Arabic tools</source>
        <translation>يحتاج إلى قاعدة بيانات صرفية: ثبّت واحدة بالأمر &apos;camel_data -i morphology-db-msa-r13&apos;، أو اختر ملفًا من الإعدادات &gt; أدوات العربية</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Off: only documents marked done (by the annotator; by every voter of a majority vote). Documents not finished, exported with their missing annotations as O, teach a model false negatives.</source>
        <translation>معطّل: المستندات المعلَّمة منجزةً فقط (من المعلّق؛ ومن كل مصوّت في تصويت الأغلبية). أما المستندات غير المكتملة فتُصدَّر تعليقاتها الناقصة على أنها O، فتعلّم النموذجَ سلبياتٍ كاذبة.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Split by document into train / dev / test</source>
        <translation>التقسيم حسب المستند إلى تدريب / تطوير / اختبار</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>seed</source>
        <translation>البذرة</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>CoNLL</source>
        <translation>CoNLL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source># doc_id comments</source>
        <translation>تعليقات # doc_id</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>-DOCSTART- lines</source>
        <translation>أسطر -DOCSTART-</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offsets column</source>
        <translation>عمود المواضع</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The tag columns, the same for the whole file</source>
        <translation>أعمدة الوسوم، وهي نفسها للملف كله</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Header</source>
        <translation>الترويسة</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tag columns</source>
        <translation>أعمدة الوسوم</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Format</source>
        <translation>الصيغة</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tag scheme</source>
        <translation>نظام الوسم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transliteration</source>
        <translation>النقل الحرفي</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clitic pieces</source>
        <translation>تقطيع الزوائد المتصلة</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Labels</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Output</source>
        <translation>الإخراج</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+137"/>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <location line="-135"/>
        <location line="+165"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location line="-97"/>
        <source>choose at least one label</source>
        <translation>اختر وسمًا واحدًا على الأقل</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>the split must add up to 100%, not {value0}%</source>
        <translation>يجب أن يكون مجموع التقسيم 100%، لا {value0}%</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the project has no annotator to export</source>
        <translation>لا معلّق في المشروع للتصدير</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>choose where to write the export</source>
        <translation>اختر أين يُكتب التصدير</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Export to folder</source>
        <translation>تصدير إلى مجلد</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export to</source>
        <translation>تصدير إلى</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>export{suffix}</source>
        <translation>export{suffix}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} (*.{suffix});;All (*)</source>
        <translation>{name} (*.{suffix});;الكل (*)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>exporting…</source>
        <translation>جارٍ التصدير…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Every document, finished or not.</source>
        <translation>كل مستند، منجزًا كان أم لا.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every document is marked done.</source>
        <translation>كل مستند معلَّم منجزًا.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>1 document not marked done by {annotator} left out</source>
        <translation>أُهمل مستند واحد لم يعلّمه {annotator} منجزًا</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} documents not marked done by {annotator} left out</source>
        <translation>أُهملت مستندات لم يعلّمها {annotator} منجزةً، عددها: {count}</translation>
    </message>
</context>
<context>
    <name>Feedback</name>
    <message>
        <location filename="../../gui/feedback.py" line="+55"/>
        <source>missing: only in gold</source>
        <translation>ناقص: في المعيار الذهبي فقط</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>extra: not in gold</source>
        <translation>زائد: ليس في المعيار الذهبي</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>different label</source>
        <translation>وسم مختلف</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>different boundaries</source>
        <translation>حدود مختلفة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>different attributes</source>
        <translation>سمات مختلفة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same</source>
        <translation>متطابق</translation>
    </message>
</context>
<context>
    <name>FeedbackWindow</name>
    <message>
        <location line="+32"/>
        <source>Compare with gold — {annotator} — {document}</source>
        <translation>المقارنة بالمعيار الذهبي — {annotator} — {document}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show agreements too</source>
        <translation>إظهار المتطابقات أيضًا</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Difference</source>
        <translation>الفرق</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Yours</source>
        <translation>تعليقاتك</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Gold</source>
        <translation>المعيار الذهبي</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Attributes</source>
        <translation>السمات</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{total} difference(s) from gold ({shown}); {same} span(s) the same.</source>
        <translation>{total} فرق(ًا) عن المعيار الذهبي ({shown})؛ و{same} مقطع(ًا) متطابق.</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../gui/find_bar.py" line="+75"/>
        <source>Find (normalized Arabic)</source>
        <translation>بحث (عربية مُسوّاة)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find in the document</source>
        <translation>البحث في المستند</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whole word</source>
        <translation>كلمة كاملة</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Previous hit (Shift+Enter, Shift+F3)</source>
        <translation>النتيجة السابقة (Shift+Enter، Shift+F3)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Next hit (Enter, F3)</source>
        <translation>النتيجة التالية (Enter، F3)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Label for “Annotate all”</source>
        <translation>وسم «وسم الكل»</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This document</source>
        <translation>هذا المستند</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whole project</source>
        <translation>المشروع كله</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+340"/>
        <location line="+3"/>
        <source>Annotate all</source>
        <translation>وسم الكل</translation>
    </message>
    <message>
        <location line="-340"/>
        <source>Label every occurrence of the query as a whole word, also after و ف ب ل ك (without them), never inside a longer word</source>
        <translation>وسم كل ورود لعبارة البحث كلمةً كاملة، وكذلك بعد و ف ب ل ك (من دونها)، ولا يكون أبدًا داخل كلمة أطول</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close (Esc)</source>
        <translation>إغلاق (Esc)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Find next</source>
        <translation>البحث عن التالي</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Find previous</source>
        <translation>البحث عن السابق</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>no label named {name!r}</source>
        <translation>لا وسم باسم {name!r}</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>No results</source>
        <translation>لا نتائج</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{current} of {total}</source>
        <translation>{current} من {total}</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>“{query}” is not found as a whole word: nothing to annotate.</source>
        <translation>لم يوجد «{query}» كلمةً كاملة: لا شيء للوسم.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Every hit is already annotated as {label}.</source>
        <translation>كل النتائج موسومة من قبل بـ {label}.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Annotate all in project</source>
        <translation>وسم الكل في المشروع</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add {count} {label} span(s) in {documents} document(s) for “{query}”?
This is one step you can undo.</source>
        <translation>إضافة {count} مقطع {label} في {documents} مستند(ات) لعبارة «{query}»؟
هذه خطوة واحدة يمكنك التراجع عنها.</translation>
    </message>
</context>
<context>
    <name>GoldSpanDialog</name>
    <message>
        <location filename="../../gui/review/dialogs.py" line="+20"/>
        <source>Edit gold span</source>
        <translation>تحرير مقطع المعيار الذهبي</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>To change where it starts or ends, drag over the text with the span selected (Alt: exact characters), or move an edge with Ctrl+arrows (Ctrl+Alt: by character).</source>
        <translation>لتغيير بدايته أو نهايته، اسحب فوق النص والمقطع محدّد (Alt: أحرف بعينها)، أو حرّك طرفًا بـ Ctrl+الأسهم (Ctrl+Alt: حرفًا حرفًا).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>النص</translation>
    </message>
</context>
<context>
    <name>GuidelinesEditor</name>
    <message>
        <location filename="../../gui/guidelines_panel.py" line="+94"/>
        <source>Edit guidelines</source>
        <translation>تحرير الإرشادات</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Markdown: # headings, **bold**, - lists, [links](https://…), ![images](file.png) beside the project file.</source>
        <translation>Markdown: # للعناوين، **للخط العريض**، - للقوائم، [روابط](https://…)، ![صور](file.png) بجانب ملف المشروع.</translation>
    </message>
</context>
<context>
    <name>GuidelinesPanel</name>
    <message>
        <location line="+35"/>
        <source>Edit guidelines…</source>
        <translation>تحرير الإرشادات…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write the project&apos;s guidelines in Markdown (undoable; label descriptions are edited in Edit &gt; Label schema…)</source>
        <translation>اكتب إرشادات المشروع بـ Markdown (يمكن التراجع عنها؛ وأوصاف الوسوم تُحرَّر من تحرير &gt; مخطط الوسوم…)</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Edit guidelines</source>
        <translation>تحرير الإرشادات</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../gui/import_dialog.py" line="+109"/>
        <source>Key of the text (default text)</source>
        <translation>مفتاح النص (الافتراضي text)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Key of the [start, end, label] lists (default label)</source>
        <translation>مفتاح قوائم [start, end, label] (الافتراضي label)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tag of each tag id, in id order (default: labels.json beside it)</source>
        <translation>وسم كل معرّف وسم، بترتيب المعرّفات (الافتراضي: labels.json بجانبه)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Only the annotations of this user (id or email)</source>
        <translation>التعليقات التوضيحية لهذا المستخدم فقط (المعرّف أو البريد الإلكتروني)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Move spans whose offsets count UTF-16 code units (each reported)</source>
        <translation>تحريك المقاطع التي تَعُدّ مواضعُها وحداتِ UTF-16 (مع الإبلاغ عن كلٍّ منها)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import each fragment of a discontinuous span as a span</source>
        <translation>استيراد كل جزء من مقطع متقطّع مقطعًا مستقلًّا</translation>
    </message>
    <message>
        <location line="+287"/>
        <source>Import annotated data</source>
        <translation>استيراد بيانات معلَّق عليها</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+139"/>
        <location line="+150"/>
        <source>Import</source>
        <translation>استيراد</translation>
    </message>
    <message>
        <location line="-280"/>
        <source>Add files…</source>
        <translation>إضافة ملفات…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add folder…</source>
        <translation>إضافة مجلد…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>إزالة</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Plain text: .txt files, folders, JSONL of texts (encoding detected)</source>
        <translation>نص عادي: ملفات ‎.txt، ومجلدات، وJSONL من النصوص (يُكتشف الترميز)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Annotated corpus</source>
        <translation>مدوّنة معلَّق عليها</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Mark the imported documents done for them</source>
        <translation>تعليم المستندات المستوردة منجزةً لأصحابها</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>As their suggestions, not annotations (a model&apos;s output: Label Studio predictions, JSONL with scores)</source>
        <translation>على أنها اقتراحات لهم لا تعليقات توضيحية (مخرجات نموذج: تنبؤات Label Studio، أو JSONL مع درجات)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The recommender of spans whose file names no model (Label Studio&apos;s do)</source>
        <translation>نموذج الاقتراح للمقاطع التي لا تسمّي ملفاتها نموذجًا (ملفات Label Studio تسمّيه)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Annotations of</source>
        <translation>التعليقات التوضيحية للمعلّق</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recommender</source>
        <translation>نموذج الاقتراح</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encoding</source>
        <translation>الترميز</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>comma-separated, e.g. O,B-PER,I-PER</source>
        <translation>مفصولة بفواصل، مثلًا O,B-PER,I-PER</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clean scraper residue (ads, comment forms, view counters, related headlines…)</source>
        <translation>تنظيف بقايا الكشط (الإعلانات، ونماذج التعليق، وعدّادات المشاهدة، والعناوين ذات الصلة…)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove invisible marks (LRM, RLM, ALM, BOM…; spans keep their characters)</source>
        <translation>إزالة العلامات غير المرئية (LRM، RLM، ALM، BOM…؛ وتحتفظ المقاطع بأحرفها)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Map characters by camel-tools&apos; arclean (tashkeel and tatweel removed, Arabic punctuation and digits to ASCII, other scripts removed…)</source>
        <translation>تحويل الأحرف بأداة arclean من camel-tools (إزالة التشكيل والتطويل، وتحويل علامات الترقيم والأرقام العربية إلى ASCII، وإزالة الكتابات الأخرى…)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> MB</source>
        <translation> م.ب</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop at the first problem: import nothing</source>
        <translation>التوقف عند أول مشكلة: لا يُستورد شيء</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skip bad documents and list them</source>
        <translation>تخطّي المستندات المعيبة وسردها</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Files and folders</source>
        <translation>الملفات والمجلدات</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format</source>
        <translation>الصيغة</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Largest document</source>
        <translation>أكبر مستند</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>On a problem</source>
        <translation>عند حدوث مشكلة</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Line</source>
        <translation>السطر</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rule</source>
        <translation>القاعدة</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Removed</source>
        <translation>ما أُزيل</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Report</source>
        <translation>التقرير</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What cleaning removes</source>
        <translation>ما يزيله التنظيف</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+176"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location line="-96"/>
        <source>choose the files or folders to import</source>
        <translation>اختر الملفات أو المجلدات المراد استيرادها</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>say whose annotations they are (an annotator name)</source>
        <translation>حدّد لمن هذه التعليقات التوضيحية (اسم معلّق)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>name the encoding of the files (e.g. utf-8)</source>
        <translation>سمِّ ترميز الملفات (مثلًا utf-8)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>an empty name in {0}</source>
        <translation>اسم فارغ في {0}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Import files</source>
        <translation>استيراد ملفات</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import a folder</source>
        <translation>استيراد مجلد</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Taking a snapshot of the project first…</source>
        <translation>جارٍ أخذ لقطة من المشروع أولًا…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Importing…</source>
        <translation>جارٍ الاستيراد…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Importing… {0:,} of {1:,} inputs</source>
        <translation>جارٍ الاستيراد… {0:,} من أصل {1:,} مُدخَل</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Importing… {0:,} documents</source>
        <translation>جارٍ الاستيراد… {0:,} مستند</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Import finished.</source>
        <translation>انتهى الاستيراد.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Import failed: nothing was imported.</source>
        <translation>فشل الاستيراد: لم يُستورد شيء.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Import cancelled: nothing was imported; the project is as it was.</source>
        <translation>أُلغي الاستيراد: لم يُستورد شيء؛ والمشروع كما كان.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Warnings</source>
        <translation>تحذيرات</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skipped</source>
        <translation>ما تُخطّي</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents left out</source>
        <translation>مستندات أُهملت</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files of the folders ignored (not the format&apos;s)</source>
        <translation>ملفات في المجلدات أُهملت (ليست بالصيغة المطلوبة)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bad inputs skipped</source>
        <translation>مُدخَلات معيبة تُخطّيت</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not undoable with Edit &gt; Undo. A snapshot of the project taken just before it ({0}, “before import”) can be restored with File &gt; Backups…</source>
        <translation>لا يُتراجع عنه بتحرير &gt; تراجع. ويمكن استعادة لقطة المشروع المأخوذة قبله مباشرة ({0}، «قبل الاستيراد») من ملف &gt; النسخ الاحتياطية…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not undoable with Edit &gt; Undo, and no snapshot could be taken before it: {0}</source>
        <translation>لا يُتراجع عنه بتحرير &gt; تراجع، ولم تُؤخذ لقطة قبله: {0}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Imported {0:,} document(s) for {1} from {2:,} {3} input(s)</source>
        <translation>استُورد {0:,} مستند(ات) للمعلّق {1} من {2:,} مُدخَل(ات) بصيغة {3}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Documents: {0:,} new, {1:,} already in the project (annotations added)</source>
        <translation>المستندات: {0:,} جديدة، و{1:,} موجودة في المشروع من قبل (أُضيفت تعليقاتها التوضيحية)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Spans: {0:,} added, {1:,} already there; relations: {2:,} added</source>
        <translation>المقاطع: أُضيف {0:,}، و{1:,} موجودة من قبل؛ العلاقات: أُضيف {2:,}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Marked done for {0}: {1:,} document(s)</source>
        <translation>عُلِّمت منجزةً للمعلّق {0}: {1:,} مستند(ات)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Imported suggestions for {0} from {1:,} {2} input(s)</source>
        <translation>استُوردت اقتراحات للمعلّق {0} من {1:,} مُدخَل(ات) بصيغة {2}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Documents: {0:,} already in the project, {1:,} added (without annotations)</source>
        <translation>المستندات: {0:,} موجودة في المشروع من قبل، و{1:,} أُضيفت (بلا تعليقات توضيحية)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Suggestions stored: {0:,}; dropped (already annotated, rejected, twice): {1:,}</source>
        <translation>الاقتراحات المخزّنة: {0:,}؛ المُسقَطة (معلَّق عليها أو مرفوضة أو مكرّرة): {1:,}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Recommenders</source>
        <translation>نماذج الاقتراح</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}: {1:,} read</source>
        <translation>{0}: قُرئ {1:,}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Claims with a source span: {0:,}</source>
        <translation>ادعاءات لها مقطع مصدر: {0:,}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Relations left out (only a claim&apos;s source is kept): {0:,}</source>
        <translation>علاقات أُهملت (لا يُحفظ إلا مصدر الادعاء): {0:,}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Labels added to the schema: {0}</source>
        <translation>وسوم أُضيفت إلى المخطط: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tag scheme detected</source>
        <translation>نظام الوسم المكتشَف</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What the reader counted</source>
        <translation>ما أحصاه القارئ</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Imported {0:,} document(s)</source>
        <translation>استُورد {0:,} مستند(ات)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Already in the project, skipped: {0:,}</source>
        <translation>موجودة في المشروع من قبل، تُخطّيت: {0:,}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} ({1}): same text as document {2} ({3})</source>
        <translation>{0} ({1}): النص نفسه في المستند {2} ({3})</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cleaning removed: {0}</source>
        <translation>أزال التنظيف: {0}</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+137"/>
        <source>nothing</source>
        <translation>لا شيء</translation>
    </message>
    <message>
        <location line="-119"/>
        <source>removed</source>
        <translation>أُزيل</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>kept (“Remove invisible marks” removes them)</source>
        <translation>أُبقي («إزالة العلامات غير المرئية» تزيلها)</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+119"/>
        <source>… and {0:,} more</source>
        <translation>… و{0:,} أخرى</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>Nothing was imported: the project is as it was.</source>
        <translation>لم يُستورد شيء: المشروع كما كان.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Turn cleaning on to see what it removes from plain-text articles.</source>
        <translation>فعّل التنظيف لترى ما يزيله من مقالات النص العادي.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add files or folders to see what cleaning removes.</source>
        <translation>أضف ملفات أو مجلدات لترى ما يزيله التنظيف.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>the first {0:,} documents</source>
        <translation>أول {0:,} مستند</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cleaning would remove {0:,} line(s) from {1:,} of {2}: {3}</source>
        <translation>سيزيل التنظيف {0:,} سطر(ًا) من {1:,} من أصل {2}: {3}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0:,} documents</source>
        <translation>{0:,} مستند</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0} — {1:,} line(s)</source>
        <translation>{0} — {1:,} سطر(ًا)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{0:,} line(s) with nothing to read</source>
        <translation>{0:,} سطر(ًا) لا يُقرأ فيها شيء</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot be read: {0:,}</source>
        <translation>تعذّرت قراءته: {0:,}</translation>
    </message>
</context>
<context>
    <name>InitServerDialog</name>
    <message>
        <location filename="../../gui/team_server_dialogs.py" line="-234"/>
        <source>Blind annotation: annotators see only their own work on the server</source>
        <translation>تعليق أعمى: لا يرى المعلّقون على الخادم إلا عملهم</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Creates the team&apos;s tables, roles and access rules in an empty PostgreSQL database, sends this project&apos;s label schema, documents and annotations to it, and makes you its lead. The URL&apos;s login needs the right to create roles. This project then syncs with the server (Team &gt; Sync now).</source>
        <translation>يُنشئ جداول الفريق وأدواره وقواعد الوصول في قاعدة بيانات PostgreSQL فارغة، ويرسل إليها مخطط الوسوم والمستندات والتعليقات التوضيحية لهذا المشروع، ويجعلك مشرفها. يحتاج اسم الدخول في العنوان إلى صلاحية إنشاء الأدوار. ثم يُزامَن هذا المشروع مع الخادم (فريق &gt; زامن الآن).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Server URL</source>
        <translation>عنوان الخادم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lead (your name)</source>
        <translation>المشرف (اسمك)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set up</source>
        <translation>إعداد</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>type the server&apos;s URL (postgresql://…)</source>
        <translation>اكتب عنوان الخادم (postgresql://…)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The team server is set up and this project is joined to it. Next: Team &gt; Add member… for each annotator, then Team &gt; Assign on the server…</source>
        <translation>أُعِدّ خادم الفريق وارتبط به هذا المشروع. التالي: فريق &gt; إضافة عضو… لكل معلّق، ثم فريق &gt; التوزيع على الخادم…</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <location line="+322"/>
        <source>optional: your member name, checked against the login</source>
        <translation>اختياري: اسمك عضوًا، يُطابَق مع اسم الدخول</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose…</source>
        <translation>اختيار…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Makes a project on this computer holding the label schema and the documents assigned to you; you annotate offline as usual, and Team &gt; Sync now (or the automatic sync) exchanges your work with the team.</source>
        <translation>يُنشئ على هذا الحاسوب مشروعًا فيه مخطط الوسوم والمستندات الموزّعة عليك؛ تعلّق دون اتصال كالمعتاد، و«فريق &gt; زامن الآن» (أو المزامنة التلقائية) يبادل عملك مع الفريق.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Server URL</source>
        <translation>عنوان الخادم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your name</source>
        <translation>اسمك</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the project as</source>
        <translation>حفظ المشروع باسم</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Join</source>
        <translation>انضمام</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Save the team project as</source>
        <translation>حفظ مشروع الفريق باسم</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Annotator projects (*.sqlite *.annotator *.db);;All files (*)</source>
        <translation>مشاريع Annotator (*.sqlite *.annotator *.db);;كل الملفات (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>type the server&apos;s URL (postgresql://…)</source>
        <translation>اكتب عنوان الخادم (postgresql://…)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>choose where to save the project</source>
        <translation>اختر مكان حفظ المشروع</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} exists already: choose another file</source>
        <translation>{0} موجود أصلًا: اختر ملفًا آخر</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Joined as {0}: {1} documents, saved as {2}.</source>
        <translation>انضممت باسم {0}: {1} مستند، حُفظ في {2}.</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <location filename="../../gui/keys.py" line="+41"/>
        <source>Keys of the annotation workbench</source>
        <translation>مفاتيح منضدة التعليق</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keys of the find bar</source>
        <translation>مفاتيح شريط البحث</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keys of review mode</source>
        <translation>مفاتيح وضع المراجعة</translation>
    </message>
    <message>
        <location line="+54"/>
        <location line="+5"/>
        <location line="+5"/>
        <location line="+10"/>
        <location line="+6"/>
        <location line="+9"/>
        <location line="+6"/>
        <location line="+6"/>
        <source>Selecting text</source>
        <translation>تحديد النص</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Drag / double-click</source>
        <translation>السحب / النقر المزدوج</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select text (double-click: a word)</source>
        <translation>تحديد النص (النقر المزدوج: كلمة)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shift+click</source>
        <translation>Shift+نقر</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extend the selection to the place clicked</source>
        <translation>مدّ التحديد إلى الموضع المنقور</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Move the text cursor to the next / previous token (the article is right to left: ← goes forward in reading order, → back)</source>
        <translation>نقل مؤشر النص إلى الكلمة التالية / السابقة (المقال من اليمين إلى اليسار: ← يتقدّم في ترتيب القراءة، و→ يرجع)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Shift+← / Shift+→</source>
        <translation>Shift+← / Shift+→</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extend the selection by a token (forward / back)</source>
        <translation>مدّ التحديد كلمةً (تقدّمًا / رجوعًا)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ctrl+← / → and Ctrl+Shift+← / → (no span selected)</source>
        <translation>Ctrl+← / → وCtrl+Shift+← / → (دون مقطع محدّد)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the cursor / extend the selection by a word (punctuation is passed over): N presses of Ctrl+Shift+← add N words</source>
        <translation>نقل المؤشر / مدّ التحديد كلمةً (وتُتخطّى علامات الترقيم): N ضغطة على Ctrl+Shift+← تضيف N كلمة</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Alt+← / Alt+→</source>
        <translation>Alt+← / Alt+→</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the text cursor one character</source>
        <translation>نقل مؤشر النص حرفًا واحدًا</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Alt+Shift+← / Alt+Shift+→</source>
        <translation>Alt+Shift+← / Alt+Shift+→</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extend the selection by a character</source>
        <translation>مدّ التحديد حرفًا</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ctrl+Alt+← / → and Ctrl+Alt+Shift+← / → (no span selected)</source>
        <translation>Ctrl+Alt+← / → وCtrl+Alt+Shift+← / → (دون مقطع محدّد)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the cursor / extend the selection to the next token edge or the end of a proclitic (و ف ب ل ك وب ول …): a selection can start after the clitic</source>
        <translation>نقل المؤشر / مدّ التحديد إلى حدّ الكلمة التالي أو إلى نهاية سابقة متصلة (و ف ب ل ك وب ول …): فيمكن أن يبدأ التحديد بعد السابقة</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+10"/>
        <location line="+8"/>
        <source>Annotating</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>1, 2, 3 … (label hotkey; ١ ٢ ٣ on an Arabic keyboard)</source>
        <translation>1، 2، 3 … (مفتاح اختصار الوسم؛ ١ ٢ ٣ على لوحة مفاتيح عربية)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label the selection: a drag snaps outward to whole tokens, a selection made with the keys is kept as it is (whitespace trimmed). With a span selected and no text selected: relabel the span</source>
        <translation>وسم التحديد: السحب يتّسع إلى كلمات كاملة، والتحديد بالمفاتيح يبقى كما هو (مع حذف المسافات في طرفيه). ومع مقطع محدّد دون نص محدّد: إعادة وسم المقطع</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Alt+hotkey, or Alt held while finishing the drag</source>
        <translation>Alt+مفتاح الاختصار، أو الإبقاء على Alt مضغوطًا عند إنهاء السحب</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label exactly the selected characters (to leave a clitic such as و ب ل ك ال out)</source>
        <translation>وسم الأحرف المحدّدة بعينها (لإخراج سابقة متصلة مثل و ب ل ك ال)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Click a label in the palette</source>
        <translation>النقر على وسم في لوحة الوسوم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Same as its hotkey</source>
        <translation>مثل مفتاح اختصاره</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+10"/>
        <location line="+6"/>
        <location line="+10"/>
        <location line="+10"/>
        <location line="+8"/>
        <location line="+6"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>Click a span</source>
        <translation>النقر على مقطع</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select it. Where spans nest, the innermost is picked; click again at the same place for the next enclosing span. Clicking a span&apos;s underline bar picks that span</source>
        <translation>تحديده. وحيث تتداخل المقاطع يُختار أعمقها؛ وانقر مرة أخرى في الموضع نفسه للمقطع المحيط التالي. والنقر على شريط المقطع تحت النص يختار ذلك المقطع</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Tab / Shift+Tab</source>
        <translation>Tab / Shift+Tab</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select the next / previous span</source>
        <translation>تحديد المقطع التالي / السابق</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete (or Backspace)</source>
        <translation>Delete (أو Backspace)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected span (and its relations); Backspace does it while a span is selected, else it rejects the current suggestion</source>
        <translation>حذف المقطع المحدّد (وعلاقاته)؛ وBackspace يحذفه ما دام مقطع محدّدًا، وإلا رفض الاقتراح الحالي</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+374"/>
        <source>Ctrl+→ / Ctrl+←</source>
        <translation>Ctrl+→ / Ctrl+←</translation>
    </message>
    <message>
        <location line="-373"/>
        <source>Move the selected span&apos;s right edge (its start, in RTL text) one token right / left</source>
        <translation>نقل الطرف الأيمن للمقطع المحدّد (بدايته، في النص العربي) كلمةً إلى اليمين / اليسار</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+372"/>
        <source>Ctrl+Shift+← / Ctrl+Shift+→</source>
        <translation>Ctrl+Shift+← / Ctrl+Shift+→</translation>
    </message>
    <message>
        <location line="-371"/>
        <source>Move the selected span&apos;s left edge (its end) one token left / right</source>
        <translation>نقل الطرف الأيسر للمقطع المحدّد (نهايته) كلمةً إلى اليسار / اليمين</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+370"/>
        <source>add Alt to the two above</source>
        <translation>أضف Alt إلى الاثنين السابقين</translation>
    </message>
    <message>
        <location line="-369"/>
        <source>Move the edge by one character instead of a token</source>
        <translation>نقل الطرف حرفًا بدلًا من كلمة</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+258"/>
        <location line="+42"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location line="-299"/>
        <source>Deselect; cancel choosing a source</source>
        <translation>إلغاء التحديد؛ إلغاء اختيار المصدر</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Notes</source>
        <translation>الملاحظات</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write or edit your note on the selected span (without one: on the document), with its &apos;needs review&apos; flag; the right-click menu toggles the flag</source>
        <translation>كتابة ملاحظتك على المقطع المحدّد أو تحريرها (دون مقطع: على المستند)، مع علامة «تحتاج إلى مراجعة»؛ وقائمة النقر الأيمن تبدّل العلامة</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Relations</source>
        <translation>العلاقات</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R, then ↑ / ↓ and Enter (or click an ACTOR)</source>
        <translation>R ثم ↑ / ↓ وEnter (أو انقر مقطع ACTOR)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With a CLAIM selected: a list of the document&apos;s ACTOR spans with their text, nearest first; Enter makes the chosen one the claim&apos;s source (replaces its old source), Esc cancels</source>
        <translation>مع تحديد CLAIM: قائمة بمقاطع ACTOR في المستند مع نصوصها، الأقرب أولًا؛ Enter يجعل المختار مصدر الادعاء (بدلًا من مصدره السابق)، وEsc يلغي</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Attributes</source>
        <translation>السمات</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit the selected span&apos;s attributes: the first field takes the focus; Tab moves between fields, Enter stores a typed value, Esc returns to the article</source>
        <translation>تحرير سمات المقطع المحدّد: يأخذ الحقل الأول التركيز؛ Tab ينتقل بين الحقول، وEnter يحفظ القيمة المكتوبة، وEsc يعود إلى المقال</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+10"/>
        <location line="+10"/>
        <location line="+8"/>
        <location line="+6"/>
        <source>Suggestions</source>
        <translation>الاقتراحات</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept the current suggestion (dashed outline, the thick one: at the text cursor, else the next after it) as your annotation; the next one becomes current</source>
        <translation>قبول الاقتراح الحالي (الإطار المتقطّع، والسميك منه: عند مؤشر النص، وإلا فالتالي بعده) تعليقًا توضيحيًا لك؛ ويصير التالي هو الحالي</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Backspace</source>
        <translation>Backspace</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject the current suggestion (that label is not proposed again for that text); with a span selected: delete the span</source>
        <translation>رفض الاقتراح الحالي (فلا يُقترح ذلك الوسم لذلك النص مرة أخرى)؛ ومع مقطع محدّد: حذف المقطع</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Shift+Enter</source>
        <translation>Shift+Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept all suggestions of the current one&apos;s label in the document</source>
        <translation>قبول كل اقتراحات وسم الاقتراح الحالي في المستند</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Alt+↓ / Alt+↑</source>
        <translation>Alt+↓ / Alt+↑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next / previous suggestion</source>
        <translation>الاقتراح التالي / السابق</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Click a suggestion</source>
        <translation>النقر على اقتراح</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A menu: accept it (label, recommender, score), reject it, or accept all of its label; right-click adds the same to the usual menu. Every choice is one undo step</source>
        <translation>قائمة: قبوله (الوسم، ونموذج الاقتراح، والدرجة)، أو رفضه، أو قبول كل ما له وسمه؛ والنقر الأيمن يضيف الشيء نفسه إلى القائمة المعتادة. وكل اختيار خطوة تراجع واحدة</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+10"/>
        <location line="+6"/>
        <location line="+6"/>
        <location line="+10"/>
        <source>Editing</source>
        <translation>التحرير</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Ctrl+Z</source>
        <translation>Ctrl+Z</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo (every action: add, delete, relabel, resize, attributes, relation, status, annotate all, accept or reject suggestions)</source>
        <translation>تراجع (عن كل إجراء: الإضافة، والحذف، وإعادة الوسم، وتغيير الحدود، والسمات، والعلاقة، والحالة، ووسم الكل، وقبول الاقتراحات أو رفضها)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ctrl+Shift+Z or Ctrl+Y</source>
        <translation>Ctrl+Shift+Z أو Ctrl+Y</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo</source>
        <translation>إعادة</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find in the article (find bar)</source>
        <translation>البحث في المقال (شريط البحث)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find annotations by label, attribute, annotator, status, text, document (Edit &gt; Find annotations…)</source>
        <translation>البحث في التعليقات التوضيحية حسب الوسم، والسمة، والمعلّق، والحالة، والنص، والمستند (تحرير &gt; البحث في التعليقات التوضيحية…)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>F3 / Shift+F3</source>
        <translation>F3 / Shift+F3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next / previous hit while the find bar is open</source>
        <translation>النتيجة التالية / السابقة ما دام شريط البحث مفتوحًا</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+10"/>
        <location line="+6"/>
        <location line="+6"/>
        <location line="+10"/>
        <location line="+226"/>
        <location line="+10"/>
        <location line="+8"/>
        <location line="+8"/>
        <location line="+6"/>
        <location line="+6"/>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <location line="-295"/>
        <location line="+276"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location line="-275"/>
        <source>Mark the document done and open the next one not done (editing a done document puts it back in progress, and says so; undo restores both)</source>
        <translation>تعليم المستند منجزًا وفتح التالي غير المنجز (وتحرير مستند منجز يعيده قيد العمل، ويُقال ذلك؛ والتراجع يعيد الأمرين)</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+274"/>
        <source>Alt+Page Down / Alt+Page Up</source>
        <translation>Alt+Page Down / Alt+Page Up</translation>
    </message>
    <message>
        <location line="-273"/>
        <source>Next / previous document in the list</source>
        <translation>المستند التالي / السابق في القائمة</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ctrl+. / Ctrl+,</source>
        <translation>Ctrl+. / Ctrl+,</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next / previous document (alternative keys)</source>
        <translation>المستند التالي / السابق (مفاتيح بديلة)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>F6 / Shift+F6</source>
        <translation>F6 / Shift+F6</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Focus the next / previous pane: article, document list, annotations, attributes. In the document list ↑ / ↓ and Enter open a document</source>
        <translation>التركيز على اللوحة التالية / السابقة: المقال، وقائمة المستندات، والتعليقات التوضيحية، والسمات. وفي قائمة المستندات ↑ / ↓ وEnter تفتح مستندًا</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review and adjudicate this document (Review &gt; Review and adjudicate…)</source>
        <translation>مراجعة هذا المستند والتحكيم فيه (مراجعة &gt; المراجعة والتحكيم…)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+11"/>
        <source>View</source>
        <translation>العرض</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Ctrl++ / Ctrl+- / Ctrl+0</source>
        <translation>Ctrl++ / Ctrl+- / Ctrl+0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Larger / smaller / default article font</source>
        <translation>خط المقال: أكبر / أصغر / الافتراضي</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ctrl+Shift+M</source>
        <translation>Ctrl+Shift+M</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snap selections to morphemes on / off (View &gt; Snap selections to morphemes; needs a morphology database)</source>
        <translation>تشغيل محاذاة التحديد مع الوحدات الصرفية أو إيقافها (عرض &gt; محاذاة التحديد مع الوحدات الصرفية؛ تحتاج إلى قاعدة بيانات صرفية)</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+8"/>
        <location line="+10"/>
        <location line="+8"/>
        <location line="+6"/>
        <location line="+9"/>
        <location line="+6"/>
        <location line="+8"/>
        <location line="+6"/>
        <source>Project</source>
        <translation>المشروع</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create a new project and offer to import articles (File &gt; New project…)</source>
        <translation>إنشاء مشروع جديد وعرض استيراد المقالات (ملف &gt; مشروع جديد…)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a project (a file that cannot be opened is explained, and this one stays open)</source>
        <translation>فتح مشروع (يُشرح سبب تعذّر فتح الملف إن تعذّر، ويبقى هذا المشروع مفتوحًا)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import articles: texts or an annotated corpus (File &gt; Import articles…)</source>
        <translation>استيراد مقالات: نصوص أو مدوّنة معلَّق عليها (ملف &gt; استيراد مقالات…)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export a training corpus (File &gt; Export…)</source>
        <translation>تصدير مدوّنة تدريب (ملف &gt; تصدير…)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync with the team server now: send your work, get the team&apos;s (Team &gt; Sync now)</source>
        <translation>المزامنة مع خادم الفريق الآن: أرسل عملك واستقبل عمل الفريق (فريق &gt; زامن الآن)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This table (Help &gt; Keys)</source>
        <translation>هذا الجدول (مساعدة &gt; المفاتيح)</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+188"/>
        <source>Ctrl+W</source>
        <translation>Ctrl+W</translation>
    </message>
    <message>
        <location line="-187"/>
        <source>Close the project: the start page shows (File &gt; Close project)</source>
        <translation>إغلاق المشروع: تظهر صفحة البداية (ملف &gt; إغلاق المشروع)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit (everything is already saved)</source>
        <translation>الخروج (كل شيء محفوظ من قبل)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Esc or Ctrl+W</source>
        <translation>Esc أو Ctrl+W</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close a dialog or a secondary window</source>
        <translation>إغلاق مربع حوار أو نافذة ثانوية</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+11"/>
        <source>Find bar</source>
        <translation>شريط البحث</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Enter / Shift+Enter</source>
        <translation>Enter / Shift+Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next / previous hit (in the search field)</source>
        <translation>النتيجة التالية / السابقة (في حقل البحث)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Close the find bar</source>
        <translation>إغلاق شريط البحث</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+6"/>
        <location line="+6"/>
        <location line="+8"/>
        <location line="+14"/>
        <source>Moving</source>
        <translation>التنقّل</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>N or Alt+↓</source>
        <translation>N أو Alt+↓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next unresolved disagreement</source>
        <translation>الخلاف التالي الذي لم يُحسم</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>P or Alt+↑</source>
        <translation>P أو Alt+↑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous unresolved disagreement</source>
        <translation>الخلاف السابق الذي لم يُحسم</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Next / previous cluster, resolved or not (right to left: ← goes forward)</source>
        <translation>المجموعة التالية / السابقة، محسومة أو لا (من اليمين إلى اليسار: ← يتقدّم)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tab / Shift+Tab, ↓ / ↑</source>
        <translation>Tab / Shift+Tab، ↓ / ↑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next / previous proposal (lane) of the cluster; click a bar too</source>
        <translation>المقترح التالي / السابق (المسار) في المجموعة؛ أو انقر شريطًا</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Deselect; with nothing selected, close the review window</source>
        <translation>إلغاء التحديد؛ ودون تحديد: إغلاق نافذة المراجعة</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+8"/>
        <location line="+6"/>
        <location line="+8"/>
        <source>Deciding</source>
        <translation>الحسم</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>A or Enter</source>
        <translation>A أو Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept the selected proposal into gold, then go to the next disagreement</source>
        <translation>قبول المقترح المحدّد في المعيار الذهبي، ثم الانتقال إلى الخلاف التالي</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Shift+A or Shift+Enter</source>
        <translation>Shift+A أو Shift+Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept and stay, with the new gold span selected</source>
        <translation>القبول والبقاء، مع تحديد مقطع المعيار الذهبي الجديد</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reject the selected proposal (again: withdraw the rejection)</source>
        <translation>رفض المقترح المحدّد (ومرة أخرى: سحب الرفض)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Give the gold span this proposal&apos;s attributes</source>
        <translation>إعطاء مقطع المعيار الذهبي سمات هذا المقترح</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+11"/>
        <location line="+5"/>
        <location line="+8"/>
        <location line="+6"/>
        <location line="+6"/>
        <source>Gold spans</source>
        <translation>مقاطع المعيار الذهبي</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Change the selected gold span&apos;s label (its boundaries: drag over the text with the span selected, snapped to tokens, Alt for exact characters; dragged text and a label key make a new gold span)</source>
        <translation>تغيير وسم مقطع المعيار الذهبي المحدّد (حدوده: اسحب فوق النص والمقطع محدّد، بالالتقاط إلى الكلمات، ومع Alt بالأحرف نفسها؛ النص المسحوب مع مفتاح وسم يصنع مقطعًا ذهبيًا جديدًا)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>1, 2, 3 … (label hotkeys)</source>
        <translation>1، 2، 3 … (مفاتيح اختصار الوسوم)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relabel the selected gold span</source>
        <translation>إعادة وسم مقطع المعيار الذهبي المحدّد</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Move the gold span&apos;s start (its right edge) one token right / left</source>
        <translation>نقل بداية مقطع المعيار الذهبي (طرفه الأيمن) كلمةً إلى اليمين / اليسار</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Move the gold span&apos;s end (its left edge) one token</source>
        <translation>نقل نهاية مقطع المعيار الذهبي (طرفه الأيسر) كلمةً</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Move the edge by one character</source>
        <translation>نقل الطرف حرفًا واحدًا</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected gold span</source>
        <translation>حذف مقطع المعيار الذهبي المحدّد</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Mark the document&apos;s curation done, asking first while disagreements are left (again: back to in progress)</source>
        <translation>تعليم تنقيح المستند منتهيًا، مع السؤال أولًا ما دامت خلافات باقية (ومرة أخرى: العودة إلى قيد العمل)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ctrl+Z / Ctrl+Shift+Z</source>
        <translation>Ctrl+Z / Ctrl+Shift+Z</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo / redo (auto-merge, accept, reject, edit, delete, status)</source>
        <translation>تراجع / إعادة (الدمج التلقائي، والقبول، والرفض، والتحرير، والحذف، والحالة)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Mark done and open the next document whose curation is not done</source>
        <translation>تعليمه منجزًا وفتح المستند التالي الذي لم ينتهِ تنقيحه</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Next / previous document</source>
        <translation>المستند التالي / السابق</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This table (Help &gt; Review keys)</source>
        <translation>هذا الجدول (مساعدة &gt; مفاتيح المراجعة)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close the review window</source>
        <translation>إغلاق نافذة المراجعة</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>F6 moves the focus to the document list (again: the annotations, the attributes, back to the article); ↑ / ↓ choose a document, Enter opens it and the focus goes to the article.</source>
        <translation>F6 ينقل التركيز إلى قائمة المستندات (ومرة أخرى: التعليقات التوضيحية، فالسمات، ثم العودة إلى المقال)؛ ↑ / ↓ لاختيار مستند، وEnter يفتحه وينتقل التركيز إلى المقال.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>← / → move the text cursor token by token (← goes forward: the text is right to left). Shift+← selects the token ahead and each further press adds one; Ctrl+Shift+← adds a word, Alt+Shift+← a character, Ctrl+Alt+Shift+← goes to a proclitic&apos;s end.</source>
        <translation>← / → ينقلان مؤشر النص كلمةً كلمة (← يتقدّم: النص من اليمين إلى اليسار). وShift+← يحدّد الكلمة التالية وكل ضغطة أخرى تضيف واحدة؛ وCtrl+Shift+← يضيف كلمة، وAlt+Shift+← حرفًا، وCtrl+Alt+Shift+← ينتقل إلى نهاية السابقة المتصلة.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A label key (1 ACTOR, 2 CLAIM, 3 CASUALTY) labels the selection; the new span is selected.</source>
        <translation>مفتاح الوسم (1 ACTOR، 2 CLAIM، 3 CASUALTY) يَسِم التحديد؛ ويصير المقطع الجديد محدّدًا.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>With a CLAIM selected, R lists the document&apos;s ACTOR spans, nearest first: ↑ / ↓ and Enter make one its source.</source>
        <translation>مع تحديد CLAIM، يسرد R مقاطع ACTOR في المستند، الأقرب أولًا: ↑ / ↓ وEnter لجعل أحدها مصدره.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tab / Shift+Tab select the next / previous span; Ctrl(+Shift)(+Alt)+← / → move its edges.</source>
        <translation>Tab / Shift+Tab يحدّدان المقطع التالي / السابق؛ وCtrl(+Shift)(+Alt)+← / → تنقل طرفيه.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>F2 puts the focus in the selected span&apos;s attributes: Tab between fields, Enter stores, Esc returns to the article.</source>
        <translation>F2 يضع التركيز في سمات المقطع المحدّد: Tab بين الحقول، وEnter يحفظ، وEsc يعود إلى المقال.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Ctrl+Enter marks the document done and opens the next one.</source>
        <translation>Ctrl+Enter يعلّم المستند منجزًا ويفتح التالي.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+R opens review on the document: N / P go through the disagreements, Tab through the proposals, A accepts, X rejects, D marks the curation done; Esc (nothing selected) or Ctrl+W closes it.</source>
        <translation>Ctrl+R يفتح مراجعة المستند: N / P للتنقل بين الخلافات، وTab بين المقترحات، وA يقبل، وX يرفض، وD يعلّم التنقيح منتهيًا؛ وEsc (دون تحديد) أو Ctrl+W يغلقها.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Every dialog and secondary window closes with Esc or Ctrl+W; in the main window Ctrl+W closes the project (the start page shows) and Ctrl+Q quits.</source>
        <translation>كل مربع حوار ونافذة ثانوية تُغلق بـ Esc أو Ctrl+W؛ وفي النافذة الرئيسية Ctrl+W يغلق المشروع (فتظهر صفحة البداية) وCtrl+Q يُنهي التطبيق.</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>Without a mouse</source>
        <translation>من دون فأرة</translation>
    </message>
</context>
<context>
    <name>KeysDialog</name>
    <message>
        <location line="+47"/>
        <source>Review keys</source>
        <translation>مفاتيح المراجعة</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>المفاتيح</translation>
    </message>
</context>
<context>
    <name>LabelPalette</name>
    <message>
        <location filename="../../gui/palette.py" line="+44"/>
        <source>Label the selected text as {label} (key {key})</source>
        <translation>وسم النص المحدّد بـ {label} (المفتاح {key})</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Set source of claim  [R]</source>
        <translation>تعيين مصدر الادعاء  [R]</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>With a CLAIM selected: then click the ACTOR who is its source</source>
        <translation>مع تحديد CLAIM: انقر بعدها مقطع ACTOR الذي هو مصدره</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set source of claim</source>
        <translation>تعيين مصدر الادعاء</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Select text, then a label. Alt keeps exact characters.</source>
        <translation>حدّد نصًّا، ثم وسمًا. Alt يحافظ على الأحرف بعينها.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="+159"/>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Labels</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Attributes</source>
        <translation>السمات</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Annotations</source>
        <translation>التعليقات التوضيحية</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Suggestions</source>
        <translation>الاقتراحات</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Document labels</source>
        <translation>وسوم المستند</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Guidelines</source>
        <translation>الإرشادات</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Find annotations</source>
        <translation>البحث في التعليقات التوضيحية</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Consistency</source>
        <translation>الاتساق</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Annotator — {name}</source>
        <translation>Annotator — {name}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>&amp;New project…</source>
        <translation>مشروع &amp;جديد…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Open project…</source>
        <translation>&amp;فتح مشروع…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Close project</source>
        <translation>إ&amp;غلاق المشروع</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Import articles…</source>
        <translation>ا&amp;ستيراد مقالات…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import a&amp;nnotated data…</source>
        <translation>استيراد بيانات &amp;معلَّق عليها…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Assign to annotators…</source>
        <translation>&amp;توزيع على المعلّقين…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Merge copies…</source>
        <translation>&amp;دمج النسخ…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>ت&amp;صدير…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Backups…</source>
        <translation>النسخ الا&amp;حتياطية…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Undo</source>
        <translation>&amp;تراجع</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Redo</source>
        <translation>إ&amp;عادة</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Find…</source>
        <translation>&amp;بحث…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find &amp;annotations…</source>
        <translation>البحث في ال&amp;تعليقات التوضيحية…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check &amp;consistency…</source>
        <translation>فحص الا&amp;تساق…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Label schema…</source>
        <translation>مخطط ال&amp;وسوم…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete span</source>
        <translation>&amp;حذف المقطع</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set &amp;source of claim</source>
        <translation>تعيين م&amp;صدر الادعاء</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit &amp;attributes</source>
        <translation>تحرير ال&amp;سمات</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next pane</source>
        <translation>اللوحة التالية</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Previous pane</source>
        <translation>اللوحة السابقة</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mark &amp;done and go to next</source>
        <translation>تعليمه من&amp;جزًا والانتقال إلى التالي</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mark in &amp;progress</source>
        <translation>تعليمه &amp;قيد العمل</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Note on document…</source>
        <translation>م&amp;لاحظة على المستند…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Document needs re&amp;view</source>
        <translation>المستند يحتاج إلى م&amp;راجعة</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Next document</source>
        <translation>المستند ال&amp;تالي</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Previous document</source>
        <translation>المستند ال&amp;سابق</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Larger text</source>
        <translation>تكبير ال&amp;نص</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Smaller text</source>
        <translation>ت&amp;صغير النص</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Default text size</source>
        <translation>حجم النص الا&amp;فتراضي</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show &amp;other annotators&apos; work</source>
        <translation>إظهار عمل المعلّقين الآ&amp;خرين</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Label &amp;names at spans</source>
        <translation>أس&amp;ماء الوسوم عند المقاطع</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Snap selections to &amp;morphemes</source>
        <translation>محاذاة التحديد مع ال&amp;وحدات الصرفية</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Switch annotator…</source>
        <translation>&amp;تبديل المعلّق…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Review and adjudicate…</source>
        <translation>ال&amp;مراجعة والتحكيم…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Agreement dashboard…</source>
        <translation>لوحة الا&amp;تفاق بين المعلّقين…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Compare with gold…</source>
        <translation>ال&amp;مقارنة بالمعيار الذهبي…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Keys</source>
        <translation>المفا&amp;تيح</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About</source>
        <translation>&amp;حول</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add to the &amp;desktop&apos;s menus</source>
        <translation>إضافة إلى قوائم &amp;سطح المكتب</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Show suggestions</source>
        <translation>إ&amp;ظهار الاقتراحات</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>S&amp;uggest for this document</source>
        <translation>ا&amp;قتراح لهذا المستند</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Learn again and suggest</source>
        <translation>إعادة ال&amp;تعلّم والاقتراح</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;commenders…</source>
        <translation>&amp;نماذج الاقتراح…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Arabic tools…</source>
        <translation>أدوات ال&amp;عربية…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Accept suggestion	Enter</source>
        <translation>&amp;قبول الاقتراح	Enter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Reject suggestion	Backspace</source>
        <translation>&amp;رفض الاقتراح	Backspace</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accept all of its &amp;label	Shift+Enter</source>
        <translation>قبول كل ما له هذا ال&amp;وسم	Shift+Enter</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Next suggestion	Alt+Down</source>
        <translation>الاقتراح ال&amp;تالي	Alt+Down</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Previous suggestion	Alt+Up</source>
        <translation>الاقتراح ال&amp;سابق	Alt+Up</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{name} (exact characters)</source>
        <translation>{name} (الأحرف بعينها)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;recent</source>
        <translation>فتح ملف &amp;حديث</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Edit</source>
        <translation>&amp;تحرير</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Annotate</source>
        <translation>&amp;وسم</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Document</source>
        <translation>&amp;مستند</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Suggestions</source>
        <translation>ا&amp;قتراحات</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Review</source>
        <translation>م&amp;راجعة</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Team</source>
        <translation>&amp;فريق</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A&amp;nnotator</source>
        <translation>م&amp;علّق</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sett&amp;ings</source>
        <translation>إعدا&amp;دات</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>م&amp;ساعدة</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>(none)</source>
        <translation>(لا أحد)</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Annotator — {name} — {document_name}</source>
        <translation>Annotator — {name} — {document_name}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No more documents in this direction</source>
        <translation>لا مزيد من المستندات في هذا الاتجاه</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>All documents are done</source>
        <translation>كل المستندات منجزة</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Select a span first (Tab), then F2</source>
        <translation>حدّد مقطعًا أولًا (Tab)، ثم F2</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>A labelled selection takes whole clitics and stems («و+ ب+ ال+ مدنيين») instead of whole words; Alt still takes the exact characters</source>
        <translation>يأخذ التحديد الموسوم زوائد متصلة وجذوعًا كاملة («و+ ب+ ال+ مدنيين») بدل الكلمات الكاملة؛ ويبقى Alt يأخذ الأحرف بعينها</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Not saved</source>
        <translation>لم يُحفظ</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>No suggestions in a document marked done (mark it in progress)</source>
        <translation>لا اقتراحات في مستند معلَّم منجزًا (علّمه قيد العمل)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The recommenders cannot start: {error}</source>
        <translation>تعذّر بدء نماذج الاقتراح: {error}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Learning again (no suggestions in a document marked done)…</source>
        <translation>جارٍ إعادة التعلّم (لا اقتراحات في مستند معلَّم منجزًا)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Learning again…</source>
        <translation>جارٍ إعادة التعلّم…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Asked for suggestions…</source>
        <translation>طُلبت اقتراحات…</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>{count} suggestions ready</source>
        <translation>{count} اقتراح(ات) جاهزة</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Suggestions ready</source>
        <translation>الاقتراحات جاهزة</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training the recommenders…</source>
        <translation>جارٍ تدريب نماذج الاقتراح…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Suggesting…</source>
        <translation>جارٍ الاقتراح…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Learned from {count} documents</source>
        <translation>تعلّمت من {count} مستند(ات)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Recommenders failed: {error}</source>
        <translation>فشلت نماذج الاقتراح: {error}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Recommenders stopped</source>
        <translation>توقفت نماذج الاقتراح</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>New project</source>
        <translation>مشروع جديد</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{0}” is ready and empty. Import articles into it now?</source>
        <translation>«{0}» جاهز وفارغ. أتستورد مقالات إليه الآن؟</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Import articles…</source>
        <translation>استيراد مقالات…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Later</source>
        <translation>لاحقًا</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Updated from the team server; the undo history was cleared</source>
        <translation>حُدّث من خادم الفريق؛ ومُسح سجل التراجع</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>blind</source>
        <translation>أعمى</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>all annotators shown</source>
        <translation>عمل كل المعلّقين ظاهر</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Annotator: {name}</source>
        <translation>المعلّق: {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (this session only)</source>
        <translation> (لهذه الجلسة فقط)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The next start annotates as {remembered}; Annotator &gt; Switch annotator… changes it</source>
        <translation>في التشغيل القادم يكون التعليق باسم {remembered}؛ ويغيّره معلّق &gt; تبديل المعلّق…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Annotator &gt; Switch annotator… changes who you annotate as</source>
        <translation>معلّق &gt; تبديل المعلّق… يغيّر الاسم الذي تعلّق به</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Switch annotator</source>
        <translation>تبديل المعلّق</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annotate as:</source>
        <translation>التعليق باسم:</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Open project</source>
        <translation>فتح مشروع</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Annotator projects (*.sqlite *.annotator *.db);;All files (*)</source>
        <translation>مشاريع Annotator (*.sqlite *.annotator *.db);;كل الملفات (*)</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Desktop menus</source>
        <translation>قوائم سطح المكتب</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The desktop entry could not be written: {0}</source>
        <translation>تعذّرت كتابة مُدخَل سطح المكتب: {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Annotator is now in your desktop&apos;s application menu, and project files open with it.

{0} files written under {1}.</source>
        <translation>صار Annotator في قائمة تطبيقات سطح المكتب، وتُفتح ملفات المشاريع به.

كُتبت {0} ملفات تحت {1}.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>About Annotator</source>
        <translation>حول Annotator</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Annotator {__version__}&lt;/b&gt;&lt;br&gt;Annotate Arabic news articles: actors, claims and casualty figures.&lt;br&gt;Every action is saved at once in the project file.&lt;br&gt;Arabic font: Noto Naskh Arabic (SIL Open Font License 1.1).</source>
        <translation>&lt;b&gt;Annotator {__version__}&lt;/b&gt;&lt;br&gt;للتعليق على المقالات الإخبارية العربية: الفاعلون والادعاءات وأعداد الضحايا.&lt;br&gt;يُحفظ كل إجراء فورًا في ملف المشروع.&lt;br&gt;الخط العربي: Noto Naskh Arabic (رخصة SIL Open Font License 1.1).</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../gui/team_dialogs.py" line="+22"/>
        <source>Merge copies</source>
        <translation>دمج النسخ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add copies…</source>
        <translation>إضافة نسخ…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>إزالة</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Only report what would be merged (a dry run)</source>
        <translation>الاكتفاء بعرض ما سيُدمج (تشغيل تجريبي)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copies</source>
        <translation>النسخ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Documents are matched by text; conflicts are reported and left as they are. A merge is not undone by Edit &gt; Undo: a snapshot of the project is taken first (File &gt; Backups… restores it).</source>
        <translation>تُطابَق المستندات حسب نصوصها؛ ويُبلَّغ عن التعارضات وتُترك كما هي. لا يُتراجع عن الدمج بتحرير &gt; تراجع: تُؤخذ لقطة من المشروع أولًا (ملف &gt; النسخ الاحتياطية… يستعيدها).</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Copies to merge</source>
        <translation>النسخ المراد دمجها</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Annotator projects (*.sqlite *.annotator *.db);;All files (*)</source>
        <translation>مشاريع Annotator (*.sqlite *.annotator *.db);;كل الملفات (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>add the copies to merge</source>
        <translation>أضف النسخ المراد دمجها</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Dry run: nothing was written.</source>
        <translation>تشغيل تجريبي: لم يُكتب شيء.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Merged. Not undoable with Edit &gt; Undo: the snapshot taken just before it ({0}, “before merge”) can be restored with File &gt; Backups…</source>
        <translation>تمّ الدمج. لا يُتراجع عنه بتحرير &gt; تراجع: ويمكن استعادة اللقطة المأخوذة قبله مباشرة ({0}، «قبل الدمج») من ملف &gt; النسخ الاحتياطية…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merged. No snapshot could be taken before it: {0}</source>
        <translation>تمّ الدمج. ولم تُؤخذ لقطة قبله: {0}</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <location filename="../../gui/notes.py" line="+73"/>
        <source>the document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Note on {target}</source>
        <translation>ملاحظة على {target}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your note (what is doubtful, and why)</source>
        <translation>ملاحظتك (ما المشكوك فيه، ولماذا)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Needs review (the lead can list flagged items)</source>
        <translation>يحتاج إلى مراجعة (يستطيع المسؤول سرد العناصر الموسومة)</translation>
    </message>
</context>
<context>
    <name>QueryPanel</name>
    <message>
        <location filename="../../gui/query_panel.py" line="+182"/>
        <source>label=CASUALTY outcome=injured count&gt;=10</source>
        <translation>label=CASUALTY outcome=injured count&gt;=10</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Conditions, all of which must hold: label=, annotator=, status=, doc=, text~ (normalized), and attributes (outcome=injured, count&gt;=10, count=10..20); quote values with spaces: text~&quot;وزارة الدفاع&quot;. See docs/search.md</source>
        <translation>شروط يجب أن تتحقق كلها: label=، annotator=، status=، doc=، text~ (بعد التسوية)، والسمات (outcome=injured، count&gt;=10، count=10..20)؛ ضع القيم التي فيها مسافات بين علامتي تنصيص: text~&quot;وزارة الدفاع&quot;. انظر docs/search.md</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Find</source>
        <translation>بحث</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Relabel all…</source>
        <translation>إعادة وسم الكل…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give your own results this label: one step you can undo</source>
        <translation>أعطِ نتائجك أنت هذا الوسم: خطوة واحدة يمكنك التراجع عنها</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+163"/>
        <source>Delete all</source>
        <translation>حذف الكل</translation>
    </message>
    <message>
        <location line="-162"/>
        <source>Delete your own results: one step you can undo</source>
        <translation>احذف نتائجك أنت: خطوة واحدة يمكنك التراجع عنها</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>, the first {value0:,} listed</source>
        <translation>، أول {value0:,} منها معروضة</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; {own:,} listed are yours (only yours can be changed)</source>
        <translation>؛ {own:,} من المعروضة لك (لا يُغيَّر إلا ما هو لك)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> (blind: only your own annotations are searched)</source>
        <translation> (وضع أعمى: لا يُبحث إلا في تعليقاتك التوضيحية)</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Relabel all</source>
        <translation>إعادة وسم الكل</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relabel {value0:,} of your annotations as {label}?</source>
        <translation>إعادة وسم {value0:,} من تعليقاتك التوضيحية بـ {label}؟</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+19"/>
        <source>
This is one step you can undo.</source>
        <translation>
هذه خطوة واحدة يمكنك التراجع عنها.</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Delete {value0:,} of your annotations (and their links)?</source>
        <translation>حذف {value0:,} من تعليقاتك التوضيحية (وروابطها)؟</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Find annotations</source>
        <translation>البحث في التعليقات التوضيحية</translation>
    </message>
</context>
<context>
    <name>RecommendersDialog</name>
    <message>
        <location filename="../../gui/recommenders_dialog.py" line="+112"/>
        <location line="+239"/>
        <source>Recommenders</source>
        <translation>نماذج الاقتراح</translation>
    </message>
    <message>
        <location line="-233"/>
        <source>&amp;Evaluate</source>
        <translation>&amp;تقييم</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Trains each recommender on the first 80% of the annotator&apos;s done documents and scores its proposals on the rest (exact spans).</source>
        <translation>يدرّب كل نموذج اقتراح على أول 80% من المستندات المنجزة للمعلّق، ويقيّم اقتراحاته على البقية (مقاطع متطابقة تمامًا).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Recommender</source>
        <translation>نموذج الاقتراح</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Precision</source>
        <translation>الدقة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recall</source>
        <translation>الاستدعاء</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Support</source>
        <translation>الدعم</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>F1 trained on %1</source>
        <translation>F1 بعد التدريب على %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Suggestions of recommenders whose F1 is below this are not shown (0: all)</source>
        <translation>لا تُعرض اقتراحات نماذج الاقتراح التي يقل F1 لها عن هذا (0: تُعرض كلها)</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+224"/>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <location line="-217"/>
        <source>Against the done documents of:</source>
        <translation>مقابل المستندات المنجزة للمعلّق:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide recommenders with F1 below:</source>
        <translation>إخفاء نماذج الاقتراح التي يقل F1 لها عن:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Precision, recall and F1 per label</source>
        <translation>الدقة والاستدعاء وF1 لكل وسم</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Learning curve</source>
        <translation>منحنى التعلّم</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 is not available: %2</source>
        <translation>‏%1 غير متاح: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Available: %1</source>
        <translation>المتاح: %1</translation>
    </message>
    <message>
        <location filename="../../gui/recommender_texts.py" line="+22"/>
        <source>install the model with %1 (or choose a model folder in Settings &gt; Arabic tools)</source>
        <translation>ثبّت النموذج بالأمر ‎%1‎ (أو اختر مجلد نموذج من الإعدادات &gt; أدوات العربية)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>CAMeL NER does not run in the desktop bundle: the bundle does not include the NER model runtime (torch, transformers). To use CAMeL NER, run annotator from a pip installation (README, Quick start), which has camel-tools, torch and transformers, and install the model with %1</source>
        <translation>لا يعمل CAMeL NER في الحزمة المكتبية: لا تتضمّن الحزمة ما يلزم لتشغيل نموذج NER ‏(torch وtransformers). لاستعمال CAMeL NER، شغّل annotator من تثبيت عبر pip ‏(README، البدء السريع)، ففيه camel-tools وtorch وtransformers، وثبّت النموذج بالأمر ‎%1‎</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>CAMeL NER needs %1, not installed: install them with %2</source>
        <translation>يحتاج CAMeL NER إلى ‎%1‎، وهي غير مثبّتة: ثبّتها بالأمر ‎%2‎</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>no CAMeL NER model is installed: %1</source>
        <translation>لم يُثبَّت أي نموذج CAMeL NER: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is not a CAMeL NER model folder (no config.json): %2</source>
        <translation>المجلد ‎%1‎ ليس مجلد نموذج CAMeL NER (ليس فيه config.json): %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the CAMeL NER model at %1 has no tokenizer (no vocab.txt or tokenizer.json): %2</source>
        <translation>نموذج CAMeL NER في ‎%1‎ بلا مُقطِّع (لا vocab.txt ولا tokenizer.json): %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is not a usable CAMeL NER model (%2): %3</source>
        <translation>النموذج في ‎%1‎ ليس نموذج CAMeL NER صالحًا للاستعمال (%2): %3</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>CAMeL NER cannot be loaded (%1): install them with %2</source>
        <translation>تعذّر تحميل CAMeL NER ‏(%1): ثبّت الحزم بالأمر ‎%2‎</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the saved Arabic tools settings cannot be read: %1</source>
        <translation>تعذّرت قراءة إعدادات أدوات العربية المحفوظة: %1</translation>
    </message>
    <message>
        <location filename="../../gui/recommenders_dialog.py" line="+30"/>
        <source>Hidden in the article view: %1</source>
        <translation>مخفية في عرض المقال: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every recommender&apos;s suggestions are shown.</source>
        <translation>اقتراحات كل نماذج الاقتراح معروضة.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1&apos;s done documents: the first %2 train, the other %3 test.</source>
        <translation>المستندات المنجزة للمعلّق %1: أول %2 للتدريب، و%3 الباقية للاختبار.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>overall</source>
        <translation>الإجمالي</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>1 document</source>
        <translation>مستند واحد</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 documents</source>
        <translation>%1 مستند</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Training and evaluating…</source>
        <translation>جارٍ التدريب والتقييم…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Evaluation failed: %1</source>
        <translation>فشل التقييم: %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+21"/>
        <source>Evaluation cancelled.</source>
        <translation>أُلغي التقييم.</translation>
    </message>
</context>
<context>
    <name>RelationTypeDialog</name>
    <message>
        <location filename="../../gui/schema_editor.py" line="-68"/>
        <source>Relation type</source>
        <translation>نوع العلاقة</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Head label</source>
        <translation>وسم الرأس</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tail label</source>
        <translation>وسم الذيل</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hotkey</source>
        <translation>مفتاح الاختصار</translation>
    </message>
</context>
<context>
    <name>RemoveMemberDialog</name>
    <message>
        <location filename="../../gui/team_server_dialogs.py" line="-303"/>
        <source>List the members</source>
        <translation>عرض الأعضاء</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also delete their login on the server</source>
        <translation>حذف حساب دخوله على الخادم أيضًا</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The member can no longer read or write anything of the team, and their assignments are removed. Their work stays on the server and in this project.</source>
        <translation>لن يستطيع العضو بعد الآن قراءة أي شيء من عمل الفريق أو كتابته، وتُزال الوثائق الموزّعة عليه. ويبقى عمله على الخادم وفي هذا المشروع.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Member</source>
        <translation>العضو</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remove</source>
        <translation>إزالة</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Members on the server: {0}.</source>
        <translation>الأعضاء على الخادم: {0}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Asking the server…</source>
        <translation>جارٍ سؤال الخادم…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>choose the member to remove (List the members)</source>
        <translation>اختر العضو المراد إزالته (عرض الأعضاء)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0} is no longer a member: {1} assignments removed, their work kept.</source>
        <translation>لم يعد {0} عضوًا: أُزيل {1} من التوزيعات، وبقي عمله.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Their login {0} was deleted.</source>
        <translation>حُذف حساب دخوله {0}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Their login {0} was kept: {1}.</source>
        <translation>أُبقي حساب دخوله {0}: {1}.</translation>
    </message>
</context>
<context>
    <name>ReviewWidget</name>
    <message>
        <location filename="../../gui/review/widget.py" line="+114"/>
        <source>Review lanes</source>
        <translation>مسارات المراجعة</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Each annotator&apos;s spans and gold under the text: N / P go through the disagreements, A accepts, X rejects</source>
        <translation>مقاطع كل معلّق والمعيار الذهبي تحت النص: N / P للتنقل بين الخلافات، وA يقبل، وX يرفض</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Proposals of the cluster</source>
        <translation>مقترحات المجموعة</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Accept  [A]</source>
        <translation>قبول  [A]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject  [X]</source>
        <translation>رفض  [X]</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take attributes  [T]</source>
        <translation>أخذ السمات  [T]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit gold…  [E]</source>
        <translation>تحرير المعيار الذهبي…  [E]</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete gold  [Del]</source>
        <translation>حذف من المعيار الذهبي  [Del]</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+607"/>
        <source>Curation done  [D]</source>
        <translation>انتهى التنقيح  [D]</translation>
    </message>
    <message>
        <location line="-604"/>
        <source>◀ Previous  [P]</source>
        <translation>◀ السابق  [P]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next  [N] ▶</source>
        <translation>التالي  [N] ▶</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Auto-merge {value0} agreed spans</source>
        <translation>دمج تلقائي لـ {value0} مقطع متّفق عليه</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agreed document labels into gold</source>
        <translation>وسوم المستند المتّفق عليها إلى المعيار الذهبي</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start curation</source>
        <translation>بدء التنقيح</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{value0} agreed spans merged into gold</source>
        <translation>دُمج {value0} مقطع متّفق عليه في المعيار الذهبي</translation>
    </message>
    <message>
        <location line="+232"/>
        <source>Withdraw rejection</source>
        <translation>سحب الرفض</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Take attributes</source>
        <translation>أخذ السمات</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Edit gold span</source>
        <translation>تحرير مقطع المعيار الذهبي</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delete gold span</source>
        <translation>حذف مقطع المعيار الذهبي</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Mark curation {target}</source>
        <translation>تعليم التنقيح {target}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{count} item(s) are still to review in this document: {clusters} unresolved disagreement(s) and {labels} document label(s). Mark curation done anyway?</source>
        <translation>ما زال {count} عنصر(ًا) للمراجعة في هذا المستند: {clusters} خلاف(ات) لم تُحسم و{labels} وسم(ًا) للمستند. أتعلّم التنقيح منتهيًا مع ذلك؟</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Curation done?</source>
        <translation>انتهى التنقيح؟</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Press a label&apos;s key to add the selected text to gold</source>
        <translation>اضغط مفتاح وسم لإضافة النص المحدّد إلى المعيار الذهبي</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add gold span</source>
        <translation>إضافة مقطع إلى المعيار الذهبي</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>gold and bar caps: {labels}</source>
        <translation>المعيار الذهبي وأغطية الأشرطة: {labels}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&lt;i&gt;No document open for review&lt;/i&gt;</source>
        <translation>&lt;i&gt;لا مستند مفتوح للمراجعة&lt;/i&gt;</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>curation {status}</source>
        <translation>التنقيح {status}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{unresolved} unresolved of {clusters} clusters &amp;nbsp;·&amp;nbsp; {gold} gold spans &amp;nbsp;·&amp;nbsp; annotators: {annotators}</source>
        <translation>{unresolved} مجموعة لم تُحسم من {clusters} &amp;nbsp;·&amp;nbsp; {gold} مقطع في المعيار الذهبي &amp;nbsp;·&amp;nbsp; المعلّقون: {annotators}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(none)</source>
        <translation>(لا أحد)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Back to in progress  [D]</source>
        <translation>العودة إلى قيد العمل  [D]</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;i&gt;No cluster selected. N: next disagreement.&lt;/i&gt;</source>
        <translation>&lt;i&gt;لا مجموعة محدّدة. N: الخلاف التالي.&lt;/i&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;i&gt;Every cluster is resolved.&lt;/i&gt;</source>
        <translation>&lt;i&gt;حُسمت كل المجموعات.&lt;/i&gt;</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&lt;br&gt;not marked by: {value0}</source>
        <translation>&lt;br&gt;لم يعلّمه: {value0}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;br&gt;&lt;b style=&apos;color:#b45309&apos;&gt;attributes differ from gold&lt;/b&gt; (T takes them)</source>
        <translation>&lt;br&gt;&lt;b style=&apos;color:#b45309&apos;&gt;السمات تختلف عن المعيار الذهبي&lt;/b&gt; (T يأخذها)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cluster {value0} of {value1} — &lt;b style=&apos;color:{value2}&apos;&gt;{value3}&lt;/b&gt; — {value4}{missing}{conflict}</source>
        <translation>المجموعة {value0} من {value1} — &lt;b style=&apos;color:{value2}&apos;&gt;{value3}&lt;/b&gt; — {value4}{missing}{conflict}</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>proposed by </source>
        <translation>اقترحه </translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <location filename="../../gui/review/window.py" line="+42"/>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> Document: </source>
        <translation> المستند: </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Review — {name}</source>
        <translation>المراجعة — {name}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&amp;Undo</source>
        <translation>&amp;تراجع</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Redo</source>
        <translation>إ&amp;عادة</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Next disagreement</source>
        <translation>الخلاف التالي</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous disagreement</source>
        <translation>الخلاف السابق</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept</source>
        <translation>قبول</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject / withdraw rejection</source>
        <translation>رفض / سحب الرفض</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take attributes</source>
        <translation>أخذ السمات</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit gold span…</source>
        <translation>تحرير مقطع المعيار الذهبي…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete gold span</source>
        <translation>حذف مقطع المعيار الذهبي</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Curation done / in progress</source>
        <translation>انتهى التنقيح / قيد العمل</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Review</source>
        <translation>م&amp;راجعة</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Mark done and open next</source>
        <translation>تعليمه منجزًا وفتح التالي</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Next document</source>
        <translation>المستند التالي</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Previous document</source>
        <translation>المستند السابق</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Edit</source>
        <translation>&amp;تحرير</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>م&amp;ساعدة</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review &amp;keys</source>
        <translation>مفاتيح ال&amp;مراجعة</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Close</source>
        <translation>إ&amp;غلاق</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>No more documents in this direction</source>
        <translation>لا مزيد من المستندات في هذا الاتجاه</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Curation of every document is done</source>
        <translation>انتهى تنقيح كل المستندات</translation>
    </message>
</context>
<context>
    <name>SchemaEditorDialog</name>
    <message>
        <location filename="../../gui/schema_editor.py" line="+68"/>
        <location line="+684"/>
        <source>Label schema</source>
        <translation>مخطط الوسوم</translation>
    </message>
    <message>
        <location line="-679"/>
        <location line="+28"/>
        <location line="+60"/>
        <source>Add…</source>
        <translation>إضافة…</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>Rename…</source>
        <translation>إعادة تسمية…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour…</source>
        <translation>اللون…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hotkey…</source>
        <translation>مفتاح الاختصار…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+26"/>
        <location line="+60"/>
        <source>Delete</source>
        <translation>حذف</translation>
    </message>
    <message>
        <location line="-85"/>
        <source>Description…</source>
        <translation>الوصف…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the label means, shown in the palette&apos;s tooltip and the Guidelines</source>
        <translation>معنى الوسم، ويظهر في تلميح لوحة الوسوم وفي الإرشادات</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>النوع</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Values (comma-separated)</source>
        <translation>القيم (مفصولة بفواصل)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default</source>
        <translation>الافتراضي</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+359"/>
        <source>Description</source>
        <translation>الوصف</translation>
    </message>
    <message>
        <location line="-352"/>
        <source>Add attribute…</source>
        <translation>إضافة سمة…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove attribute</source>
        <translation>إزالة السمة</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+60"/>
        <source>Edit…</source>
        <translation>تحرير…</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>Undo</source>
        <translation>تراجع</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo</source>
        <translation>إعادة</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Labels</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+141"/>
        <source>Attributes of the selected label</source>
        <translation>سمات الوسم المحدّد</translation>
    </message>
    <message>
        <location line="-130"/>
        <source>Relation types</source>
        <translation>أنواع العلاقات</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Document attributes (one value per document)</source>
        <translation>سمات المستند (قيمة واحدة لكل مستند)</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>no label named {name!r}</source>
        <translation>لا وسم باسم {name!r}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Attributes of {label}</source>
        <translation>سمات {label}</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>hotkey {hotkey!r} is already used by label {name}</source>
        <translation>مفتاح الاختصار {hotkey!r} مستعمل من قبل للوسم {name}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>hotkey {hotkey!r} is already used by relation {name}</source>
        <translation>مفتاح الاختصار {hotkey!r} مستعمل من قبل للعلاقة {name}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add label</source>
        <translation>إضافة وسم</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Label name:</source>
        <translation>اسم الوسم:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a label named {name!r} exists already</source>
        <translation>يوجد من قبل وسم باسم {name!r}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add label {name}</source>
        <translation>إضافة الوسم {name}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Rename label</source>
        <translation>إعادة تسمية الوسم</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>New name:</source>
        <translation>الاسم الجديد:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Rename label {old} to {new}</source>
        <translation>إعادة تسمية الوسم {old} إلى {new}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Colour of {name}</source>
        <translation>لون {name}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hotkey</source>
        <translation>مفتاح الاختصار</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Single key for {label} (empty for none):</source>
        <translation>مفتاح واحد للوسم {label} (فارغ لعدم التعيين):</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Hotkey of {name}</source>
        <translation>مفتاح اختصار {name}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>What {label} means (shown in the palette and the Guidelines):</source>
        <translation>معنى {label} (يظهر في لوحة الوسوم وفي الإرشادات):</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Description of {name}</source>
        <translation>وصف {name}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Delete label {name}</source>
        <translation>حذف الوسم {name}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Add attribute</source>
        <translation>إضافة سمة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attribute name for {label}:</source>
        <translation>اسم السمة للوسم {label}:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{name} already has an attribute {value1!r}</source>
        <translation>للوسم {name} سمة باسم {value1!r} من قبل</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add attribute {value0}</source>
        <translation>إضافة السمة {value0}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Remove attribute {value0}</source>
        <translation>إزالة السمة {value0}</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>attribute {duplicate!r} is defined twice</source>
        <translation>السمة {duplicate!r} معرّفة مرتين</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Attributes of {name}</source>
        <translation>سمات {name}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>a relation type needs a name</source>
        <translation>نوع العلاقة يحتاج إلى اسم</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a relation type named {name!r} exists already</source>
        <translation>يوجد من قبل نوع علاقة باسم {name!r}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Delete relation type {name}</source>
        <translation>حذف نوع العلاقة {name}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>unknown label {end!r}</source>
        <translation>وسم غير معروف {end!r}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Add relation type {name}</source>
        <translation>إضافة نوع العلاقة {name}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Relation type {name}</source>
        <translation>نوع العلاقة {name}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>a document attribute named {name!r} exists already</source>
        <translation>توجد من قبل سمة مستند باسم {name!r}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add document attribute {name}</source>
        <translation>إضافة سمة المستند {name}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Document attribute {value0}</source>
        <translation>سمة المستند {value0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Delete document attribute {name}</source>
        <translation>حذف سمة المستند {name}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Label colour</source>
        <translation>لون الوسم</translation>
    </message>
</context>
<context>
    <name>ServerAssignDialog</name>
    <message>
        <location filename="../../gui/team_server_dialogs.py" line="+77"/>
        <source>random</source>
        <translation>عشوائية</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>List the members</source>
        <translation>عرض الأعضاء</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Annotators</source>
        <translation>المعلّقون</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shared by all</source>
        <translation>مشتركة بين الجميع</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>البذرة</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Assign</source>
        <translation>توزيع</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Annotators on the server: {0}.</source>
        <translation>المعلّقون على الخادم: {0}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Asking the server…</source>
        <translation>جارٍ سؤال الخادم…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{0} of the {1} documents go to every annotator</source>
        <translation>{0} من أصل {1} مستند تذهب إلى كل معلّق</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the seed is a whole number, not {0}</source>
        <translation>البذرة عدد صحيح، وليست {0}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Assigned on the server: each annotator gets their documents at their next sync.</source>
        <translation>وُزّعت على الخادم: يتسلّم كل معلّق مستنداته عند مزامنته التالية.</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <location filename="../../gui/server_jobs.py" line="+123"/>
        <source>The team server cannot be reached.</source>
        <translation>تعذّر الوصول إلى خادم الفريق.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server asks for a password: type it in the Password field.</source>
        <translation>يطلب الخادم كلمة مرور: اكتبها في حقل كلمة المرور.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server refused the login or the password.</source>
        <translation>رفض الخادم اسم الدخول أو كلمة المرور.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server refused: your role may not do this.</source>
        <translation>رفض الخادم: دورك لا يسمح بهذا.</translation>
    </message>
    <message>
        <location filename="../../gui/team_server_dialogs.py" line="-465"/>
        <source>type it in the Password field</source>
        <translation>اكتبها في حقل كلمة المرور</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>only if the server asks for one (never saved)</source>
        <translation>فقط إن طلبها الخادم (لا تُحفَظ أبدًا)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run</source>
        <translation>تشغيل</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Password</source>
        <translation>كلمة المرور</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Done.</source>
        <translation>تمّ.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Working…</source>
        <translation>جارٍ العمل…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Set up a team server</source>
        <translation>إعداد خادم فريق</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Add a team member</source>
        <translation>إضافة عضو إلى الفريق</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Remove a team member</source>
        <translation>إزالة عضو من الفريق</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Blind annotation</source>
        <translation>التعليق الأعمى</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Assign on the server</source>
        <translation>التوزيع على الخادم</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Join a team project</source>
        <translation>الانضمام إلى مشروع فريق</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../../gui/session.py" line="+191"/>
        <source>an annotator needs a name</source>
        <translation>المعلّق يحتاج إلى اسم</translation>
    </message>
    <message>
        <location line="+353"/>
        <source>no document is open</source>
        <translation>لا مستند مفتوح</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>no document attribute named {name!r}</source>
        <translation>لا سمة مستند باسم {name!r}</translation>
    </message>
</context>
<context>
    <name>SourcePicker</name>
    <message>
        <location filename="../../gui/source_picker.py" line="+60"/>
        <source>Source of the claim</source>
        <translation>مصدر الادعاء</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The document&apos;s ACTOR spans, nearest first: Enter makes the chosen one the claim&apos;s source, Esc cancels</source>
        <translation>مقاطع ACTOR في المستند، الأقرب أولًا: Enter يجعل المقطع المختار مصدر الادعاء، وEsc يلغي</translation>
    </message>
</context>
<context>
    <name>StartWindow</name>
    <message>
        <location filename="../../gui/start_page.py" line="+45"/>
        <source>Annotator projects (*.sqlite *.annotator *.db);;All files (*)</source>
        <translation>مشاريع Annotator (*.sqlite *.annotator *.db);;كل الملفات (*)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This file is not there any more: moved, renamed, deleted, or on a drive that is not connected. “Remove from list” forgets it.</source>
        <translation>هذا الملف لم يعد موجودًا: نُقل، أو غُيّر اسمه، أو حُذف، أو هو على قرص غير متصل. «إزالة من القائمة» تنساه.</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+25"/>
        <source>Annotator</source>
        <translation>Annotator</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>&amp;New project…</source>
        <translation>مشروع &amp;جديد…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Open project…</source>
        <translation>&amp;فتح مشروع…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the &amp;demo project</source>
        <translation>فتح المشروع ال&amp;تجريبي</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Join a team project…</source>
        <translation>الا&amp;نضمام إلى مشروع فريق…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import articles…</source>
        <translation>ا&amp;ستيراد مقالات…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;recent</source>
        <translation>فتح ملف &amp;حديث</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Annotate Arabic news articles: actors, claims and casualty figures. Every action is saved at once in the project file.</source>
        <translation>للتعليق على المقالات الإخبارية العربية: الفاعلون والادعاءات وأعداد الضحايا. يُحفظ كل إجراء فورًا في ملف المشروع.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+272"/>
        <source>New project…</source>
        <translation>مشروع جديد…</translation>
    </message>
    <message>
        <location line="-271"/>
        <source>Open project…</source>
        <translation>فتح مشروع…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the demo project</source>
        <translation>فتح المشروع التجريبي</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import articles…</source>
        <translation>استيراد مقالات…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Join a team project…</source>
        <translation>الانضمام إلى مشروع فريق…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Get your project from your team&apos;s server (its URL comes from your lead)</source>
        <translation>احصل على مشروعك من خادم فريقك (عنوانه من مشرفك)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The demo project holds a few news articles with sample annotations: a safe place to try everything.</source>
        <translation>يضم المشروع التجريبي بضع مقالات إخبارية مع تعليقات توضيحية نموذجية: مكان آمن لتجربة كل شيء.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Recent projects</source>
        <translation>المشاريع الحديثة</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No recent projects yet: create one, open one, or try the demo project.</source>
        <translation>لا مشاريع حديثة بعد: أنشئ مشروعًا، أو افتح مشروعًا، أو جرّب المشروع التجريبي.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open</source>
        <translation>فتح</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove from list</source>
        <translation>إزالة من القائمة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forget this entry; the file itself is not touched</source>
        <translation>انسَ هذا المدخل؛ ولا يُمَسّ الملف نفسه</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>  (missing)</source>
        <translation>  (مفقود)</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>(none)</source>
        <translation>(لا أحد)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No such file</source>
        <translation>لا ملف بهذا الاسم</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Open project</source>
        <translation>فتح مشروع</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import articles</source>
        <translation>استيراد مقالات</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import the articles into which project?</source>
        <translation>إلى أي مشروع تُستورد المقالات؟</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Articles are imported into a project file. Create a new one, or choose one you already have.</source>
        <translation>تُستورد المقالات إلى ملف مشروع. أنشئ مشروعًا جديدًا، أو اختر مشروعًا لديك.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Existing project…</source>
        <translation>مشروع موجود…</translation>
    </message>
</context>
<context>
    <name>SuggestionsPanel</name>
    <message>
        <location filename="../../gui/suggestions_panel.py" line="+45"/>
        <source>Suggestions</source>
        <translation>الاقتراحات</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the recommenders propose: shown or not, score threshold, status</source>
        <translation>ما تقترحه نماذج الاقتراح: الإظهار أو الإخفاء، وحدّ الدرجة، والحالة</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show suggestions</source>
        <translation>إظهار الاقتراحات</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Suggestions are drawn with a dashed outline; Enter accepts, Backspace rejects</source>
        <translation>تُرسم الاقتراحات بإطار متقطّع؛ Enter يقبل، وBackspace يرفض</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Suggestions scoring below this are hidden</source>
        <translation>تُخفى الاقتراحات التي تقل درجتها عن هذا</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Suggest</source>
        <translation>اقتراح</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the recommenders about this document</source>
        <translation>اسأل نماذج الاقتراح عن هذا المستند</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learn again</source>
        <translation>إعادة التعلّم</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Train the recommenders on the annotations made so far, then suggest</source>
        <translation>درّب نماذج الاقتراح على التعليقات التوضيحية حتى الآن، ثم اقترح</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Minimum score</source>
        <translation>أدنى درجة</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>No document</source>
        <translation>لا مستند</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Suggestions hidden</source>
        <translation>الاقتراحات مخفية</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No suggestions shown</source>
        <translation>لا اقتراحات معروضة</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} suggestions shown ({detail})</source>
        <translation>{count} اقتراح(ات) معروضة ({detail})</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Recommenders idle</source>
        <translation>نماذج الاقتراح خاملة</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Some suggestions are missing: {reason}</source>
        <translation>بعض الاقتراحات ناقصة: {reason}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 left out</source>
        <translation>أُهمل %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 failed on one document</source>
        <translation>فشل %1 في مستند واحد</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 failed on %2 documents</source>
        <translation>فشل %1 في %2 من المستندات</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../gui/server_jobs.py" line="+9"/>
        <source>This project is not joined to a team server. A lead sets one up with Team &gt; Set up a team server…; an annotator gets a joined project with File &gt; Join a team project…</source>
        <translation>هذا المشروع غير مرتبط بخادم فريق. يُعِدّه المشرف بـ فريق &gt; إعداد خادم فريق…، ويحصل المعلّق على مشروع مرتبط بـ ملف &gt; الانضمام إلى مشروع فريق…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Team server password</source>
        <translation>كلمة مرور خادم الفريق</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The team server {0} asks for your password.</source>
        <translation>يطلب خادم الفريق {0} كلمة مرورك.</translation>
    </message>
    <message>
        <location filename="../../gui/sync_panel.py" line="+231"/>
        <source>&amp;Sync now</source>
        <translation>&amp;زامن الآن</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Team &amp;progress…</source>
        <translation>&amp;تقدّم الفريق…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set &amp;up a team server…</source>
        <translation>إ&amp;عداد خادم فريق…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add m&amp;ember…</source>
        <translation>إضافة &amp;عضو…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove membe&amp;r…</source>
        <translation>إ&amp;زالة عضو…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Blind annotation…</source>
        <translation>التعليق الأ&amp;عمى…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Assign on the ser&amp;ver…</source>
        <translation>التوزيع على ال&amp;خادم…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Join a team project…</source>
        <translation>الا&amp;نضمام إلى مشروع فريق…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;utomatic sync</source>
        <translation>المزامنة ال&amp;تلقائية</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Off</source>
        <translation>معطّلة</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every {0} minutes</source>
        <translation>كل {0} دقيقة</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Only a lead of the team server can do this.</source>
        <translation>لا يقدر على هذا إلا مشرف على خادم الفريق.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>This project is already joined to the team server {0}.</source>
        <translation>هذا المشروع مرتبط أصلًا بخادم الفريق {0}.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This project is joined to a team server as {0}: only {0}&apos;s work is sent, so it is annotated as {0}.</source>
        <translation>هذا المشروع مرتبط بخادم فريق باسم {0}: لا يُرسَل إلا عمل {0}، فيُعلَّق فيه باسم {0}.</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>Sync</source>
        <translation>المزامنة</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Synced: nothing to send or receive; held here, not sent: {0}</source>
        <translation>تمّت المزامنة: لا شيء يُرسَل أو يُستقبَل؛ محفوظ هنا ولم يُرسَل: {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Synced: nothing to send or receive</source>
        <translation>تمّت المزامنة: لا شيء يُرسَل أو يُستقبَل</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sync: conflicts to resolve: {0} (click the sync status)</source>
        <translation>المزامنة: تعارضات تنتظر الحسم: {0} (انقر حالة المزامنة)</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Offline: the team server cannot be reached; your work is kept here</source>
        <translation>غير متصل: تعذّر الوصول إلى خادم الفريق؛ عملك محفوظ هنا</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sync: the team server asks for a password (click the sync status)</source>
        <translation>المزامنة: يطلب خادم الفريق كلمة مرور (انقر حالة المزامنة)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sync failed</source>
        <translation>فشلت المزامنة</translation>
    </message>
</context>
<context>
    <name>SyncReason</name>
    <message>
        <location filename="../../gui/sync_report.py" line="+46"/>
        <source>Changed here and on the server (on another machine): {items}. Your version is kept here and on the server, and not sent: choose Keep mine or Take the server&apos;s.</source>
        <translation>تغيّر هنا وعلى الخادم (على جهاز آخر): {items}. نسختك محفوظة هنا وعلى الخادم، ولم تُرسَل: اختر «إبقاء نسختي» أو «اعتماد نسخة الخادم».</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The label schema was changed here and on the server. Yours was not sent (the server keeps it in its history): choose Keep mine or Take the server&apos;s.</source>
        <translation>تغيّر مخطط الوسوم هنا وعلى الخادم. لم يُرسَل مخططك (يحفظه الخادم في سجله): اختر «إبقاء نسختي» أو «اعتماد نسخة الخادم».</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Labels kept though the server&apos;s label schema lacks them (annotations use them): {names}.</source>
        <translation>وسوم أُبقيت مع أن مخطط الوسوم على الخادم يخلو منها (تستعملها تعليقات توضيحية): {names}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{document} ({member}): the status was set to “{here}” here and “{there}” on the server; “{kept}” was kept (the furthest along).</source>
        <translation>{document} ({member}): عُيّنت الحالة «{here}» هنا و«{there}» على الخادم؛ فأُبقيت «{kept}» (الأبعد تقدّمًا).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{document} ({member}): {number} items held on one side only were kept on both (with no earlier sync to compare with, an addition cannot be told from a deletion: delete again what should not be there).</source>
        <translation>{document} ({member}): {number} عنصر(ًا) لم يكن إلا على جانب واحد أُبقي على الجانبين كليهما (إذ لا مزامنة سابقة يُقارَن بها، فلا تُميَّز الإضافة من الحذف: احذف مجددًا ما لا ينبغي أن يبقى).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{number} notes on spans their annotator removed are document notes now, saying which span they were on (sent with your next sync).</source>
        <translation>{number} ملاحظة(ات) على مقاطع أزالها معلّقوها صارت الآن ملاحظات على المستند، تذكر كلٌّ منها المقطع الذي كانت عليه (تُرسَل مع مزامنتك التالية).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{number} curation decisions on proposals their annotator removed went with them (the gold spans stay).</source>
        <translation>{number} قرار(ات) تنقيح على مقترحات أزالها معلّقوها حُذفت معها (وتبقى مقاطع المعيار الذهبي).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{number} notes or decisions on spans this project does not hold were left out here (the server keeps them).</source>
        <translation>{number} ملاحظة(ات) أو قرار(ات) على مقاطع ليست في هذا المشروع أُهملت هنا (ويحفظها الخادم).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{number} units of documents the server does not hold for you (added here, or not assigned to you) stay here, not sent.</source>
        <translation>{number} وحدة من مستندات لا يحفظها الخادم لك (أُضيفت هنا، أو لم تُوزَّع عليك) تبقى هنا ولا تُرسَل.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{number} units of {names}, whose work the server lacks (merged from a mailed copy?), stay here only: a unit is sent by its member alone. A lead adds them (Team &gt; Add member…) and they merge their copy into their joined project; or it stays in this project.</source>
        <translation>{number} وحدة من عمل {names}، الذي يخلو منه الخادم (دُمج من نسخة أُرسلت بالبريد؟)، تبقى هنا فقط: فلا يرسل الوحدةَ إلا عضوُها. يضيفهم المشرف (فريق &gt; إضافة عضو…) ثم يدمجون نسختهم في مشروعهم المرتبط بالخادم؛ وإلا بقيت في هذا المشروع.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your changes to the work of {names} stay here, not sent (replaced by theirs when they change it; yours are kept on the server then).</source>
        <translation>تغييراتك في عمل {names} تبقى هنا ولا تُرسَل (وتحلّ محلّها نسختهم حين يغيّرونه؛ وتُحفَظ تغييراتك حينئذٍ على الخادم).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{document}: your changes to the work of {member} were replaced by theirs (yours are kept on the server, with its conflicts).</source>
        <translation>{document}: حلّت نسخة {member} محلّ تغييراتك في عمله (وتغييراتك محفوظة على الخادم، مع تعارضاته).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{document}: this project&apos;s copy of the work of {member} (never synced here: recovered?) differed from theirs: theirs was taken, this one is kept on the server, with its conflicts.</source>
        <translation>{document}: اختلفت نسخة هذا المشروع من عمل {member} (لم تُزامَن هنا قط: أهي مُستعادة؟) عن نسخته: فاعتُمدت نسخته، وحُفظت هذه على الخادم، مع تعارضاته.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The project&apos;s sync triggers were missing: they were made again and every unit was compared.</source>
        <translation>كانت مُشغِّلات المزامنة في المشروع مفقودة: فأُعيد إنشاؤها وقورنت الوحدات كلها.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your role on the team server is now {role} (it was {was}).</source>
        <translation>دورك على خادم الفريق الآن: {role} (وكان: {was}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server was restored from a backup since the last sync: every unit was compared and nothing deleted (what only one side holds is kept).</source>
        <translation>استُعيد الخادم من نسخة احتياطية منذ آخر مزامنة: فقورنت الوحدات كلها ولم يُحذف شيء (ويُبقى ما لا يحفظه إلا جانب واحد).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server is behind this project&apos;s last sync (restored from a backup?): every unit was compared, and what it lost was sent again.</source>
        <translation>الخادم متأخر عن آخر مزامنة لهذا المشروع (أهو مُستعاد من نسخة احتياطية؟): فقورنت الوحدات كلها، وأُعيد إرسال ما فقده.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>span {key}</source>
        <translation>المقطع {key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>relation {key}</source>
        <translation>العلاقة {key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>note {key}</source>
        <translation>الملاحظة {key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>document label {key}</source>
        <translation>وسم المستند {key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>curation decision on {key}</source>
        <translation>قرار التنقيح على {key}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>lead</source>
        <translation>مشرف</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>annotator</source>
        <translation>معلّق</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{item} (on a deleted span)</source>
        <translation>{item} (على مقطع محذوف)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{items} and {number} more</source>
        <translation>{items} و{number} أخرى</translation>
    </message>
</context>
<context>
    <name>SyncReportDialog</name>
    <message>
        <location line="+34"/>
        <source>Sync report</source>
        <translation>تقرير المزامنة</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Member</source>
        <translation>العضو</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>السبب</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Keep mine</source>
        <translation>إبقاء نسختي</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Push this machine&apos;s version over the server&apos;s (the server&apos;s is kept in its conflicts table)</source>
        <translation>إرسال نسخة هذا الجهاز لتحلّ محلّ نسخة الخادم (وتُحفَظ نسخة الخادم في جدول تعارضاته)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Take the server&apos;s</source>
        <translation>اعتماد نسخة الخادم</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Replace this machine&apos;s version by the server&apos;s (a snapshot of the project is taken first: File &gt; Backups… restores it)</source>
        <translation>وضع نسخة الخادم مكان نسخة هذا الجهاز (تُؤخذ لقطة من المشروع أولًا: ملف &gt; النسخ الاحتياطية… يستعيدها)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Label schema</source>
        <translation>مخطط الوسوم</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Conflicts: {0}. These units were changed both here and on the server. Your version is kept here and not sent; choose which version stays.</source>
        <translation>تعارضات: {0}. تغيّرت هذه الوحدات هنا وعلى الخادم معًا. نسختك محفوظة هنا ولم تُرسَل؛ اختر أيّ النسختين تبقى.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+102"/>
        <source>No conflicts.</source>
        <translation>لا تعارضات.</translation>
    </message>
    <message>
        <location line="-89"/>
        <source>Sent: {0} units. Received: {1} units. Documents added: {2}.</source>
        <translation>أُرسل: {0} وحدة. استُقبل: {1} وحدة. مستندات أُضيفت: {2}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Documents sent to the server: {0}.</source>
        <translation>مستندات أُرسلت إلى الخادم: {0}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The label schema was sent to the server.</source>
        <translation>أُرسل مخطط الوسوم إلى الخادم.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The label schema was updated from the server.</source>
        <translation>حُدّث مخطط الوسوم من الخادم.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled: the rest waits for the next sync.</source>
        <translation>أُلغيت: الباقي ينتظر المزامنة التالية.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Still waiting to be sent: {0}.</source>
        <translation>ما زال بانتظار الإرسال: {0}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Everything is sent.</source>
        <translation>أُرسل كل شيء.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Held here, not sent: {0} (the work of members the server does not know, or your changes to someone else&apos;s units).</source>
        <translation>محفوظ هنا ولم يُرسَل: {0} (عمل أعضاء لا يعرفهم الخادم، أو تغييراتك في وحدات غيرك).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Notes from the sync:</source>
        <translation>ملاحظات المزامنة:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>• {0}</source>
        <translation>• {0}</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Resolving “{0}”…</source>
        <translation>جارٍ حسم «{0}»…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>“{0}”: your version was kept and sent.</source>
        <translation>«{0}»: أُبقيت نسختك وأُرسلت.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{0}”: the server&apos;s version replaced yours (a snapshot of the project was taken first: File &gt; Backups…).</source>
        <translation>«{0}»: حلّت نسخة الخادم محلّ نسختك (أُخذت لقطة من المشروع أولًا: ملف &gt; النسخ الاحتياطية…).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Conflicts left: {0}.</source>
        <translation>تعارضات باقية: {0}.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>“{0}” was not resolved: {1}</source>
        <translation>لم يُحسَم «{0}»: {1}</translation>
    </message>
</context>
<context>
    <name>SyncStatusButton</name>
    <message>
        <location filename="../../gui/sync_panel.py" line="-450"/>
        <source>synced {0}</source>
        <translation>زُومِن {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>never synced</source>
        <translation>لم يُزامَن بعد</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Syncing…</source>
        <translation>جارٍ المزامنة…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offline</source>
        <translation>غير متصل</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Password needed</source>
        <translation>كلمة المرور مطلوبة</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync failed</source>
        <translation>فشلت المزامنة</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Pending: {0}</source>
        <translation>بانتظار الإرسال: {0}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Syncing… {0} / {1}</source>
        <translation>جارٍ المزامنة… {0} / {1}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Conflicts: {0}</source>
        <translation>تعارضات: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Synced {0}</source>
        <translation>زُومِن {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Never synced</source>
        <translation>لم يُزامَن بعد</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Synced automatically every {0} minutes and when you mark a document done.</source>
        <translation>يُزامَن تلقائيًا كل {0} دقيقة وعند تعليم مستند منجزًا.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic sync is off (Team &gt; Automatic sync).</source>
        <translation>المزامنة التلقائية معطّلة (فريق &gt; المزامنة التلقائية).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click to sync now (Team &gt; Sync now).</source>
        <translation>انقر للمزامنة الآن (فريق &gt; زامن الآن).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The team server cannot be reached: your work is saved in the project file and is sent at the next sync.</source>
        <translation>تعذّر الوصول إلى خادم الفريق: عملك محفوظ في ملف المشروع ويُرسَل عند المزامنة التالية.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server asks for a password: click to type it.</source>
        <translation>يطلب الخادم كلمة مرور: انقر لكتابتها.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Units changed both here and on the server: click to resolve them.</source>
        <translation>وحدات تغيّرت هنا وعلى الخادم معًا: انقر لحسمها.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Held here, not sent: {0} (the work of members the server does not know, or your changes to someone else&apos;s units; see the sync report).</source>
        <translation>محفوظ هنا ولم يُرسَل: {0} (عمل أعضاء لا يعرفهم الخادم، أو تغييراتك في وحدات غيرك؛ انظر تقرير المزامنة).</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <location filename="../../gui/team_dialogs.py" line="-439"/>
        <source>Run</source>
        <translation>تشغيل</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing was written.</source>
        <translation>لم يُكتب شيء.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled: nothing was written.</source>
        <translation>أُلغي: لم يُكتب شيء.</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+115"/>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>Working…</source>
        <translation>جارٍ العمل…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Working… {0} of {1}</source>
        <translation>جارٍ العمل… {0} من {1}</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Done.</source>
        <translation>تمّ.</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Assign</source>
        <translation>توزيع</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assignment failed: nothing was written to the folder.</source>
        <translation>فشل التوزيع: لم يُكتب شيء في المجلد.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Assignment cancelled: nothing was written to the folder.</source>
        <translation>أُلغي التوزيع: لم يُكتب شيء في المجلد.</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>Merge</source>
        <translation>دمج</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge failed: nothing was merged; the project is as it was.</source>
        <translation>فشل الدمج: لم يُدمج شيء؛ والمشروع كما كان.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merge cancelled: nothing was merged; the project is as it was.</source>
        <translation>أُلغي الدمج: لم يُدمج شيء؛ والمشروع كما كان.</translation>
    </message>
</context>
<context>
    <name>TeamProgressWindow</name>
    <message>
        <location filename="../../gui/team_progress.py" line="+58"/>
        <source>Team progress</source>
        <translation>تقدّم الفريق</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agreement…</source>
        <translation>الاتفاق…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The agreement dashboard of this project, which holds everyone&apos;s work as of its last sync (Team &gt; Sync now brings the latest)</source>
        <translation>لوحة الاتفاق بين المعلّقين لهذا المشروع، وفيه عمل الجميع كما كان عند آخر مزامنة (فريق &gt; زامن الآن يجلب الأحدث)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Member</source>
        <translation>العضو</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>الدور</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assigned</source>
        <translation>الموزَّعة</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Annotations</source>
        <translation>التعليقات التوضيحية</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conflicts</source>
        <translation>التعارضات</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last sent</source>
        <translation>آخر إرسال</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>التقدّم</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Reading from the server…</source>
        <translation>جارٍ القراءة من الخادم…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>lead</source>
        <translation>مشرف</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>gold</source>
        <translation>المعيار الذهبي</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>annotator</source>
        <translation>معلّق</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>{0} of {1}</source>
        <translation>{0} من {1}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Members: {0}. Assigned documents done: {1} of {2}.</source>
        <translation>الأعضاء: {0}. المستندات الموزّعة المنجزة: {1} من {2}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open conflicts: {0}.</source>
        <translation>تعارضات مفتوحة: {0}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read at {0}.</source>
        <translation>قُرئت في {0}.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>never</source>
        <translation>أبدًا</translation>
    </message>
</context>
<context>
    <name>TeamReport</name>
    <message>
        <location filename="../../gui/team_dialogs.py" line="-468"/>
        <source>annotator</source>
        <translation>المعلّق</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shared</source>
        <translation>مشتركة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>own annotations</source>
        <translation>تعليقاته التوضيحية الخاصة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file</source>
        <translation>الملف</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>annotations</source>
        <translation>التعليقات التوضيحية</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>relations</source>
        <translation>العلاقات</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>statuses</source>
        <translation>الحالات</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missing docs</source>
        <translation>مستندات غائبة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>conflicts</source>
        <translation>التعارضات</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>seed {seed}; wrote {files} project file(s) and {manifest}</source>
        <translation>البذرة {seed}؛ كُتب من ملفات المشروع: {files}، و{manifest}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>own notes copied: {count}</source>
        <translation>ملاحظات خاصة نُسخت: {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>missing from project: {document}</source>
        <translation>غائب عن المشروع: {document}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>conflict: {annotator} on {document}: {changed} annotation(s), relation(s) or document label(s) in the project are missing or different in {copy}</source>
        <translation>تعارض: {annotator} في {document}: من تعليقات المشروع التوضيحية وعلاقاته ووسوم مستنداته {changed} غائبة عن {copy} أو مختلفة فيها</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>labels added: {labels}</source>
        <translation>وسوم أُضيفت: {labels}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected suggestions added: {count}</source>
        <translation>اقتراحات مرفوضة أُضيفت: {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>editing times updated: {count}</source>
        <translation>أوقات تحرير حُدّثت: {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>document labels added: {count}</source>
        <translation>وسوم مستندات أُضيفت: {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>notes added: {added}, updated: {updated}</source>
        <translation>ملاحظات أُضيفت: {added}، وحُدّثت: {updated}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>notes left out (their spans were not merged): {count}</source>
        <translation>ملاحظات أُهملت (لم تُدمج مقاطعها): {count}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>notes deleted in the copy: {count}</source>
        <translation>ملاحظات حُذفت في النسخة: {count}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>notes missing from the copy (no record it deleted them, or changed here since): kept, {count}</source>
        <translation>ملاحظات غائبة عن النسخة (لا سجل بحذفها فيها، أو عُدّلت هنا بعد ذلك): أُبقيت، {count}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>dry run: nothing was written</source>
        <translation>تشغيل تجريبي: لم يُكتب شيء</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{file}: {text}</source>
        <translation>{file}: {text}</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <location filename="../../gui/theme.py" line="+45"/>
        <source>System</source>
        <translation>النظام</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>فاتح</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>داكن</translation>
    </message>
    <message>
        <location line="+217"/>
        <source>&amp;Theme</source>
        <translation>ال&amp;سمة اللونية</translation>
    </message>
</context>
<context>
    <name>Transliteration</name>
    <message>
        <location filename="../../gui/transliteration.py" line="+17"/>
        <source>Buckwalter</source>
        <translation>Buckwalter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Safe Buckwalter</source>
        <translation>Buckwalter الآمن</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Habash-Soudi-Buckwalter</source>
        <translation>Habash-Soudi-Buckwalter</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Transliteration</source>
        <translation>النقل ال&amp;حرفي</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Off</source>
        <translation>معطّل</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The selected span and the word under the mouse also shown in Latin letters</source>
        <translation>يُعرض المقطع المحدّد والكلمة تحت المؤشر بالحروف اللاتينية أيضًا</translation>
    </message>
</context>
<context>
    <name>WordInfo</name>
    <message>
        <location filename="../../gui/word_info.py" line="+95"/>
        <source>The morphology database {path} is missing: set another in Settings &gt; Arabic tools.</source>
        <translation>قاعدة البيانات الصرفية {path} مفقودة: عيّن غيرها في الإعدادات &gt; أدوات العربية.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>The morphology database could not be opened: {error}</source>
        <translation>تعذّر فتح قاعدة البيانات الصرفية: {error}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No morphology database: install one with “camel_data -i morphology-db-msa-r13” or choose a file in Settings &gt; Arabic tools.</source>
        <translation>لا قاعدة بيانات صرفية: ثبّت واحدة بالأمر «camel_data -i morphology-db-msa-r13» أو اختر ملفًا من الإعدادات &gt; أدوات العربية.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Analyses: opening the morphology database…</source>
        <translation>التحليلات: جارٍ فتح قاعدة البيانات الصرفية…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No analysis found.</source>
        <translation>لم يوجد تحليل.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>form</source>
        <translation>الصيغة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lemma</source>
        <translation>المدخل المعجمي</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>POS</source>
        <translation>POS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>gloss</source>
        <translation>المعنى</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clitics</source>
        <translation>الزوائد المتصلة</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>★ the most likely analysis (disambiguated)</source>
        <translation>★ التحليل الأرجح (بعد إزالة اللبس)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>… and {count} more analyses</source>
        <translation>… و{count} تحليلات أخرى</translation>
    </message>
</context>
<context>
    <name>_Gutter</name>
    <message>
        <location filename="../../gui/review/lanes.py" line="+440"/>
        <location line="+22"/>
        <source>gold</source>
        <translation>الذهبي</translation>
    </message>
</context>
<context>
    <name>columns</name>
    <message>
        <location filename="../../gui/annotation_panel.py" line="-222"/>
        <location filename="../../gui/query_panel.py" line="-364"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>البداية</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End</source>
        <translation>النهاية</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>التفاصيل</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>الملاحظة</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../gui/query_panel.py" line="+1"/>
        <source>Annotator</source>
        <translation>المعلّق</translation>
    </message>
    <message>
        <location filename="../../gui/backups_dialog.py" line="-143"/>
        <source>Taken</source>
        <translation>أُخذت في</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>السبب</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>الحجم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annotations</source>
        <translation>التعليقات التوضيحية</translation>
    </message>
    <message>
        <location filename="../../gui/document_list.py" line="-309"/>
        <location filename="../../gui/query_panel.py" line="+1"/>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../gui/query_panel.py" line="-3"/>
        <source>Context</source>
        <translation>السياق</translation>
    </message>
</context>
<context>
    <name>commands</name>
    <message>
        <location filename="../../gui/commands.py" line="-568"/>
        <source>Mark document {after}</source>
        <translation>تعليم المستند {after}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Set document label {name}</source>
        <translation>تعيين وسم المستند {name}</translation>
    </message>
</context>
<context>
    <name>doc_labels</name>
    <message>
        <location filename="../../gui/review/doc_labels.py" line="-41"/>
        <source>Gold document label {name}</source>
        <translation>وسم المستند الذهبي {name}</translation>
    </message>
</context>
<context>
    <name>export_dialog</name>
    <message>
        <location filename="../../gui/export_dialog.py" line="-474"/>
        <source>One per nesting level (one column when nothing overlaps)</source>
        <translation>عمود لكل مستوى تداخل (عمود واحد إن لم يتداخل شيء)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One per label</source>
        <translation>عمود لكل وسم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One column; overlaps by priority:</source>
        <translation>عمود واحد؛ والتداخلات حسب الأولوية:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Include documents not marked done</source>
        <translation>تضمين المستندات غير المعلَّمة منجزةً</translation>
    </message>
    <message>
        <location line="+400"/>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>export failed: {message}</source>
        <translation>فشل التصدير: {message}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>export cancelled; nothing was written</source>
        <translation>أُلغي التصدير؛ لم يُكتب شيء</translation>
    </message>
</context>
<context>
    <name>formats</name>
    <message>
        <location filename="../../gui/i18n.py" line="+213"/>
        <source>native JSONL: one document per line with spans, relations, attributes</source>
        <translation>JSONL الأصلية: مستند في كل سطر مع المقاطع والعلاقات والسمات</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CoNLL token-per-line, IOB2/IOB1/BIOES/BILOU, one tag column per nesting level</source>
        <translation>CoNLL: كلمة في كل سطر، IOB2/IOB1/BIOES/BILOU، وعمود وسوم لكل مستوى تداخل</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>doccano JSONL: {&quot;text&quot;, &quot;label&quot;: [[start, end, label]]} or entities/relations</source>
        <translation>JSONL الخاصة بـ doccano: {&quot;text&quot;, &quot;label&quot;: [[start, end, label]]} أو الكيانات والعلاقات</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>spaCy/Prodigy JSONL: {&quot;text&quot;, &quot;tokens&quot;, &quot;spans&quot;: [{&quot;start&quot;, &quot;end&quot;, &quot;label&quot;, &quot;token_start&quot;, &quot;token_end&quot;}]}</source>
        <translation>JSONL الخاصة بـ spaCy/Prodigy: {&quot;text&quot;, &quot;tokens&quot;, &quot;spans&quot;: [{&quot;start&quot;, &quot;end&quot;, &quot;label&quot;, &quot;token_start&quot;, &quot;token_end&quot;}]}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Hugging Face token classification JSONL + labels.json</source>
        <translation>JSONL لتصنيف الكلمات على Hugging Face مع labels.json</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>brat standoff: .txt + .ann per document, annotation.conf</source>
        <translation>صيغة brat المنفصلة: ملف ‎.txt وملف ‎.ann لكل مستند، وannotation.conf</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>WebAnno TSV 3.3 (INCEpTION): a .tsv per document with its tokens, spans with features, relations</source>
        <translation>WebAnno TSV 3.3 ‏(INCEpTION): ملف ‎.tsv لكل مستند بكلماته ومقاطعه وسماتها وعلاقاته</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Label Studio JSON: tasks with annotations[].result[] (Labels over Text, relations); JSON-MIN read too</source>
        <translation>JSON الخاصة بـ Label Studio: مهام مع نتائج تعليقاتها (وسوم على نص، وعلاقات)؛ وتُقرأ JSON-MIN أيضًا</translation>
    </message>
</context>
<context>
    <name>guidelines_panel</name>
    <message>
        <location filename="../../gui/guidelines_panel.py" line="-126"/>
        <source>*No guidelines yet: Edit guidelines… writes them.*</source>
        <translation>*لا إرشادات بعد: «تحرير الإرشادات…» يكتبها.*</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>## Labels</source>
        <translation>## الوسوم</translation>
    </message>
</context>
<context>
    <name>i18n</name>
    <message>
        <location filename="../../gui/i18n.py" line="-117"/>
        <source>; </source>
        <comment>between the items of a list</comment>
        <translation>؛ </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>System</source>
        <translation>النظام</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Language</source>
        <translation>ال&amp;لغة</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Arabic-Indic digits in Arabic</source>
        <translation>أرقام عربية مشرقية (٠١٢٣) في العربية</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The interface language changes when the app is started again.</source>
        <translation>تتغيّر لغة الواجهة عند تشغيل التطبيق مرة أخرى.</translation>
    </message>
</context>
<context>
    <name>import_dialog</name>
    <message>
        <location filename="../../gui/import_dialog.py" line="-893"/>
        <source>choose the files or folders to import</source>
        <translation>اختر الملفات أو المجلدات المراد استيرادها</translation>
    </message>
</context>
<context>
    <name>main_window</name>
    <message>
        <location filename="../../gui/main_window.py" line="+96"/>
        <source>This copy of the project was made for {owner}.</source>
        <translation>صُنعت نسخة المشروع هذه للمعلّق {owner}.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Your name or initials. Every annotation you make carries it;
by default you see only your own annotations.</source>
        <translation>اسمك أو الأحرف الأولى منه. يحمله كل تعليق توضيحي تضيفه؛
ولا ترى افتراضيًا إلا تعليقاتك التوضيحية.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Who is annotating?</source>
        <translation>مَن المعلّق؟</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A name is needed to annotate: please type one (Cancel quits).</source>
        <translation>الاسم لازم للتعليق: اكتب اسمًا من فضلك (إلغاء يُنهي التطبيق).</translation>
    </message>
</context>
<context>
    <name>new_project_dialog</name>
    <message>
        <location filename="../../gui/new_project_dialog.py" line="+29"/>
        <location line="+30"/>
        <source>New project</source>
        <translation>مشروع جديد</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Annotator projects (*.sqlite)</source>
        <translation>مشاريع Annotator (*.sqlite)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>“{name}” already exists. Choose another name, or open it with Open project…</source>
        <translation>«{name}» موجود من قبل. اختر اسمًا آخر، أو افتحه بـ «فتح مشروع…»</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{path}” cannot be created: {err}</source>
        <translation>تعذّر إنشاء «{path}»: {err}</translation>
    </message>
</context>
<context>
    <name>notes</name>
    <message>
        <location filename="../../gui/notes.py" line="-42"/>
        <source> &lt;b&gt;{FLAG} needs review&lt;/b&gt;</source>
        <translation> &lt;b&gt;{FLAG} يحتاج إلى مراجعة&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>opening</name>
    <message>
        <location filename="../../gui/opening.py" line="+38"/>
        <source>cannot open {path}: {what}</source>
        <translation>تعذّر فتح {path}: {what}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>See what is damaged</source>
        <translation>معرفة ما تلف</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>List its backups</source>
        <translation>سرد نسخه الاحتياطية</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bring one back</source>
        <translation>استعادة إحداها</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start a new project</source>
        <translation>بدء مشروع جديد</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The file does not exist.</source>
        <translation>الملف غير موجود.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It may have been moved, renamed or deleted: open it where it is now (File &gt; Open).</source>
        <translation>ربما نُقل أو غُيّر اسمه أو حُذف: افتحه من مكانه الحالي (ملف &gt; فتح).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>This is a folder, not a project file.</source>
        <translation>هذا مجلد، لا ملف مشروع.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the project&apos;s .sqlite file.</source>
        <translation>اختر ملف ‎.sqlite الخاص بالمشروع.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You do not have permission to read this file.</source>
        <translation>لا تملك إذنًا بقراءة هذا الملف.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask its owner or your administrator for read and write access, or open a copy of your own.</source>
        <translation>اطلب من مالكه أو من مسؤول النظام إذن القراءة والكتابة، أو افتح نسخة خاصة بك.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The file is empty (0 bytes): it holds no project.</source>
        <translation>الملف فارغ (0 بايت): لا مشروع فيه.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>If it held your annotations, restore a backup.</source>
        <translation>إن كان يحوي تعليقاتك التوضيحية، فاستعد نسخة احتياطية.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This project was written by a newer version of annotator.</source>
        <translation>كُتب هذا المشروع بإصدار أحدث من annotator.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Upgrade annotator to open it. The file was not changed.</source>
        <translation>حدّث annotator لتفتحه. لم يتغيّر الملف.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not sqlite</source>
        <translation>ليس SQLite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This file is not an annotator project: SQLite does not recognise it as a database.</source>
        <translation>هذا الملف ليس مشروع annotator: لا يتعرّف عليه SQLite قاعدةَ بيانات.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open the project&apos;s .sqlite file instead. If this was a project, its first page is damaged: check it, or restore a backup.</source>
        <translation>افتح ملف ‎.sqlite الخاص بالمشروع بدلًا منه. وإن كان هذا مشروعًا فصفحته الأولى تالفة: افحصه، أو استعد نسخة احتياطية.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Add articles from this file to a project</source>
        <translation>إضافة مقالات من هذا الملف إلى مشروع</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not a project</source>
        <translation>ليس مشروعًا</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is an SQLite database, but not an annotator project.</source>
        <translation>هذه قاعدة بيانات SQLite، لكنها ليست مشروع annotator.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open the project&apos;s .sqlite file instead.</source>
        <translation>افتح ملف ‎.sqlite الخاص بالمشروع بدلًا منه.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Another program is writing to this file and keeps it locked.</source>
        <translation>برنامج آخر يكتب في هذا الملف ويُبقيه مقفلًا.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wait until it is done (an import or a merge can take a while), then open it again.</source>
        <translation>انتظر حتى ينتهي (قد يستغرق الاستيراد أو الدمج بعض الوقت)، ثم افتحه مرة أخرى.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This project comes from an older version of annotator and could not be upgraded.</source>
        <translation>هذا المشروع من إصدار أقدم من annotator وتعذّرت ترقيته.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing was changed. Make sure the disk has free space and no other program is using the file, then open it again; the details say what failed.</source>
        <translation>لم يتغيّر شيء. تأكّد من وجود مساحة فارغة على القرص ومن أن أي برنامج آخر لا يستعمل الملف، ثم افتحه مرة أخرى؛ والتفاصيل تبيّن ما الذي فشل.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The file, or its folder, is read-only: annotator saves every action at once and needs to write beside it.</source>
        <translation>الملف أو مجلده للقراءة فقط: يحفظ annotator كل إجراء فورًا ويحتاج إلى الكتابة بجانبه.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Make the file and its folder writable, or open a copy in a folder of your own.</source>
        <translation>اجعل الملف ومجلده قابلين للكتابة، أو افتح نسخة في مجلد خاص بك.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The file is damaged: part of it cannot be read.</source>
        <translation>الملف تالف: جزء منه لا يُقرأ.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing was changed. Save what is readable into a new project, or restore a backup.</source>
        <translation>لم يتغيّر شيء. احفظ ما يُقرأ في مشروع جديد، أو استعد نسخة احتياطية.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save everything readable</source>
        <translation>حفظ كل ما يُقرأ</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The file cannot be read: {reason}.</source>
        <translation>تعذّرت قراءة الملف: {reason}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the file and the disk it is on, then open it again.</source>
        <translation>افحص الملف والقرص الذي هو عليه، ثم افتحه مرة أخرى.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>An unexpected error stopped opening it ({__name__}).</source>
        <translation>أوقف خطأٌ غير متوقع فتحه ({__name__}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>If annotator check finds no problem, please report this error with the details below.</source>
        <translation>إن لم يجد annotator check مشكلة، فأبلغ عن هذا الخطأ مع التفاصيل أدناه من فضلك.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Cannot open project</source>
        <translation>تعذّر فتح المشروع</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;Cannot open “{value0}”.&lt;/b&gt;&lt;p&gt;{value1}&lt;/p&gt;</source>
        <translation>&lt;b&gt;تعذّر فتح «{value0}».&lt;/b&gt;&lt;p&gt;{value1}&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Teammate copy</source>
        <translation>نسخة زميل</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This copy was made for {owner}. Annotate as {owner}?</source>
        <translation>صُنعت هذه النسخة للمعلّق {owner}. أتعلّق باسم {owner}؟</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You are annotating as {current}. Every annotation carries the name it was made under, and merging brings it back under that name. Choosing {owner} applies to this session only.</source>
        <translation>أنت تعلّق باسم {current}. يحمل كل تعليق توضيحي الاسم الذي صُنع به، والدمج يعيده تحت ذلك الاسم. واختيار {owner} يسري على هذه الجلسة فقط.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Annotate as {owner}</source>
        <translation>التعليق باسم {owner}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keep {current}</source>
        <translation>الإبقاء على {current}</translation>
    </message>
</context>
<context>
    <name>palette</name>
    <message>
        <location filename="../../gui/palette.py" line="+14"/>
        <source>Label the selected text as {name}</source>
        <translation>وسم النص المحدّد بـ {name}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> (key {hotkey}; Alt+{hotkey} keeps the exact characters)</source>
        <translation> (المفتاح {hotkey}؛ Alt+{hotkey} يحافظ على الأحرف بعينها)</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../gui/new_project_dialog.py" line="-26"/>
        <source>New project</source>
        <translation>مشروع جديد</translation>
    </message>
    <message>
        <location filename="../../gui/write_dialogs.py" line="+10"/>
        <source>Not saved</source>
        <translation>لم يُحفظ</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Project busy</source>
        <translation>المشروع مشغول</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try again?</source>
        <translation>أتحاول مرة أخرى؟</translation>
    </message>
</context>
<context>
    <name>query_panel</name>
    <message>
        <location filename="../../gui/query_panel.py" line="+330"/>
        <source>
{others:,} other annotators&apos; results stay as they are.</source>
        <translation>
{others:,} من نتائج المعلّقين الآخرين تبقى كما هي.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>None of the results is yours ({others:,} are other annotators&apos;, read-only).</source>
        <translation>لا شيء من النتائج لك ({others:,} للمعلّقين الآخرين، للقراءة فقط).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing to change: every result is {why}.</source>
        <translation>لا شيء للتغيير: كل نتيجة {why}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing found.</source>
        <translation>لم يوجد شيء.</translation>
    </message>
</context>
<context>
    <name>review</name>
    <message>
        <location filename="../../gui/review/style.py" line="+20"/>
        <source>all agree</source>
        <translation>كلهم متّفقون</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>partial overlap</source>
        <translation>تداخل جزئي</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>conflicting labels</source>
        <translation>وسوم متعارضة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>found by some annotators only</source>
        <translation>وجده بعض المعلّقين فقط</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unresolved</source>
        <translation>لم تُحسم</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>accepted</source>
        <translation>مقبولة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected</source>
        <translation>مرفوضة</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edited</source>
        <translation>معدّلة</translation>
    </message>
</context>
<context>
    <name>schema_editor</name>
    <message>
        <location filename="../../gui/schema_editor.py" line="-799"/>
        <source>a hotkey is a single key, not {key!r}</source>
        <translation>مفتاح الاختصار مفتاح واحد، لا {key!r}</translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <location filename="../../gui/document_list.py" line="+3"/>
        <source>All documents</source>
        <translation>كل المستندات</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not done</source>
        <translation>غير منجزة</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../gui/i18n.py" line="+17"/>
        <source>New</source>
        <translation>جديدة</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../gui/i18n.py" line="+1"/>
        <source>In progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../gui/i18n.py" line="+1"/>
        <source>Done</source>
        <translation>منجزة</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="-9"/>
        <source>new</source>
        <translation>جديد</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done</source>
        <translation>منجز</translation>
    </message>
</context>
<context>
    <name>widget</name>
    <message>
        <location filename="../../gui/review/widget.py" line="+17"/>
        <source> &amp;nbsp;·&amp;nbsp; ✎ {value0} note(s) on the document</source>
        <translation> &amp;nbsp;·&amp;nbsp; ✎ {value0} ملاحظة(ات) على المستند</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> (⚑ {flagged} need review)</source>
        <translation> (⚑ {flagged} تحتاج إلى مراجعة)</translation>
    </message>
</context>
</TS>
