# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'incoming_call.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QPushButton,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_IncomingCall(object):
    def setupUi(self, IncomingCall):
        if not IncomingCall.objectName():
            IncomingCall.setObjectName(u"IncomingCall")
        IncomingCall.resize(340, 150)
        IncomingCall.setMinimumSize(QSize(320, 120))
        self.incomingLayout = QVBoxLayout(IncomingCall)
        self.incomingLayout.setObjectName(u"incomingLayout")
        self.callerName = QLabel(IncomingCall)
        self.callerName.setObjectName(u"callerName")
        self.callerName.setStyleSheet(u"font-size: 16pt; font-weight: bold;")

        self.incomingLayout.addWidget(self.callerName)

        self.callerNumber = QLabel(IncomingCall)
        self.callerNumber.setObjectName(u"callerNumber")
        self.callerNumber.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.incomingLayout.addWidget(self.callerNumber)

        self.callerHistory = QLabel(IncomingCall)
        self.callerHistory.setObjectName(u"callerHistory")

        self.incomingLayout.addWidget(self.callerHistory)

        self.callLine = QLabel(IncomingCall)
        self.callLine.setObjectName(u"callLine")

        self.incomingLayout.addWidget(self.callLine)

        self.incomingButtons = QHBoxLayout()
        self.incomingButtons.setObjectName(u"incomingButtons")
        self.incomingAnswer = QPushButton(IncomingCall)
        self.incomingAnswer.setObjectName(u"incomingAnswer")

        self.incomingButtons.addWidget(self.incomingAnswer)

        self.incomingReject = QPushButton(IncomingCall)
        self.incomingReject.setObjectName(u"incomingReject")

        self.incomingButtons.addWidget(self.incomingReject)


        self.incomingLayout.addLayout(self.incomingButtons)


        self.retranslateUi(IncomingCall)

        self.incomingAnswer.setDefault(True)


        QMetaObject.connectSlotsByName(IncomingCall)
    # setupUi

    def retranslateUi(self, IncomingCall):
        IncomingCall.setWindowTitle(QCoreApplication.translate("IncomingCall", u"Incoming call", None))
#if QT_CONFIG(accessibility)
        IncomingCall.setAccessibleName(QCoreApplication.translate("IncomingCall", u"Incoming call", None))
#endif // QT_CONFIG(accessibility)
        self.callerName.setText("")
#if QT_CONFIG(accessibility)
        self.callerName.setAccessibleName(QCoreApplication.translate("IncomingCall", u"Caller name", None))
#endif // QT_CONFIG(accessibility)
        self.callerNumber.setText("")
#if QT_CONFIG(accessibility)
        self.callerNumber.setAccessibleName(QCoreApplication.translate("IncomingCall", u"Caller number", None))
#endif // QT_CONFIG(accessibility)
        self.callerHistory.setText("")
#if QT_CONFIG(accessibility)
        self.callerHistory.setAccessibleName(QCoreApplication.translate("IncomingCall", u"Earlier calls with this caller", None))
#endif // QT_CONFIG(accessibility)
        self.callLine.setText("")
#if QT_CONFIG(accessibility)
        self.callLine.setAccessibleName(QCoreApplication.translate("IncomingCall", u"Ringing on", None))
#endif // QT_CONFIG(accessibility)
        self.incomingAnswer.setText(QCoreApplication.translate("IncomingCall", u"Answer", None))
#if QT_CONFIG(accessibility)
        self.incomingAnswer.setAccessibleName(QCoreApplication.translate("IncomingCall", u"Answer the call", None))
#endif // QT_CONFIG(accessibility)
        self.incomingReject.setText(QCoreApplication.translate("IncomingCall", u"Reject", None))
#if QT_CONFIG(accessibility)
        self.incomingReject.setAccessibleName(QCoreApplication.translate("IncomingCall", u"Reject the call", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

